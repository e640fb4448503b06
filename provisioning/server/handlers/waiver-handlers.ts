/**
 * preflight.waive and preflight.unwaive: a waiver written to (or taken out of) the open project's cluster.yaml, as
 * a user would by hand, the session reopened from it, and the last findings judged again under the new waivers —
 * no host is contacted. apply.start and `picket apply` then go by the file, and journal the waivers they ran under.
 */
import type { ReceivedResult } from '../../contract/requests.ts';
import { addWaiver, removeWaiver } from '../../project/edit-cluster-waivers.ts';
import { blockingFindings } from '../../preflight/waivers.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import { editClusterYaml, type ClusterYamlEdit } from '../edit-cluster-yaml.ts';
import type { EngineService } from '../engine-service.ts';
import { projectInfo } from '../host-summary.ts';
import { RequestFailure } from '../request-failure.ts';
import { contractFinding, publishJudged } from './discovery-handlers.ts';

type WaiverOutcome = ReceivedResult<'preflight.waive'>;

function waiverName(check: string, host: string | undefined): string {
  return `waiver of ${check} ${host === undefined ? 'for every host' : `for ${host}`}`;
}

async function changeWaivers(engine: EngineService, subject: string, host: string | undefined, edit: ClusterYamlEdit): Promise<WaiverOutcome> {
  const session = await editClusterYaml(engine, edit, { subject, refusedAs: 'WaiverEditRefused', ...(host === undefined ? {} : { host }) });
  const findings = engine.lastFindings;
  const judged = findings ? publishJudged(engine, session, findings) : null;
  return {
    waivers: projectInfo(session.project).waivers,
    findings: judged ? judged.map(contractFinding) : null,
    blocking: judged ? blockingFindings(judged).length : 0,
  };
}

export function waiverHandlers(engine: EngineService): Pick<RequestHandlers, 'preflight.waive' | 'preflight.unwaive'> {
  return {
    'preflight.waive': ({ check, host, reason }) =>
      engine.exclusive('changing waivers', () => {
        if (host !== undefined && !engine.current().spec.hosts.some((h) => h.name === host)) {
          throw new RequestFailure('UnknownHost', `${host} is not a host of ${engine.current().project.file}: waive ${check} for one of its hosts, or for every host`, { host });
        }
        const entry = { check, reason, ...(host === undefined ? {} : { host }) };
        return changeWaivers(engine, waiverName(check, host), host, (text) => addWaiver(text, entry));
      }),
    'preflight.unwaive': ({ check, host }) =>
      engine.exclusive('changing waivers', () => changeWaivers(engine, waiverName(check, host), host, (text) => removeWaiver(text, check, host))),
  };
}
