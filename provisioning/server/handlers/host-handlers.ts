/**
 * hosts.add, hosts.remove and hosts.update: the open project's hosts, changed in its cluster.yaml. The file is
 * edited on its YAML document (the user's comments stay), the result validated as `picket spec check` would
 * (a draft may still lack capture NICs, never be wrong) before it is written, and the session reopened from it.
 * A password or passphrase given is stored in secrets.yaml and referenced by name; no answer carries it back.
 */
import { readFile } from 'node:fs/promises';
import type { HostSummary } from '../../contract/project-summary.ts';
import type { ClusterSession } from '../../engine/cluster-session.ts';
import { addHost, HostEditError, removeHost, setHostRoles } from '../../project/edit-cluster-hosts.ts';
import { loadClusterSpec } from '../../project/load-cluster-spec.ts';
import { ProjectError, writeSecret } from '../../project/project-folder.ts';
import { formatSpecError } from '../../project/spec-error.ts';
import { writeClusterYaml } from '../../project/write-cluster-yaml.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import { hostSummaries } from '../host-summary.ts';
import { captureEntry, newHostEntry } from '../new-host-entry.ts';
import { reopenSession } from '../reopen-session.ts';
import { RequestFailure } from '../request-failure.ts';

/** The edit as the file would be after it; `host` is who a refusal is about. */
type Edit = (text: string) => string;

/** Applies an edit to cluster.yaml if the result is a valid spec (a draft at least), and reopens the session. */
async function editClusterYaml(engine: EngineService, host: string, edit: Edit, before?: () => Promise<void>): Promise<ClusterSession> {
  const session = engine.current();
  const { file } = session.project;
  let text: string;
  try {
    text = edit(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof HostEditError) throw new RequestFailure('HostEditRefused', error.message, { host });
    throw error;
  }
  const loaded = loadClusterSpec(text, file, { draft: true });
  if (!loaded.ok) {
    // What a draft may lack is not what makes it wrong: only the wrong is said.
    const wrong = loaded.errors.filter((e) => !e.incomplete);
    const count = wrong.length === 1 ? 'an error' : `${wrong.length} errors`;
    throw new RequestFailure('SpecInvalidError', `${host}: cluster.yaml would have ${count}, so it was left as it was:\n${wrong.map(formatSpecError).join('\n')}`, {
      host,
      specErrors: wrong,
    });
  }
  await before?.();
  await writeClusterYaml(file, text);
  return reopenSession(engine, session);
}

function summaryOf(session: ClusterSession, engine: EngineService, name: string): HostSummary {
  const summary = hostSummaries(session, engine.discovered).find((h) => h.name === name);
  if (!summary) throw new RequestFailure('InternalError', `${name} is not in cluster.yaml after the change`);
  return summary;
}

export function hostHandlers(engine: EngineService): Pick<RequestHandlers, 'hosts.add' | 'hosts.remove' | 'hosts.update'> {
  return {
    'hosts.add': ({ host }) =>
      engine.exclusive('changing hosts', async () => {
        const { entry, secrets } = newHostEntry(host, engine.current().spec.defaults);
        const dir = engine.current().project.dir;
        // Secrets are stored only once the new cluster.yaml is known to be valid, and before it names them.
        const storeSecrets = async () => {
          try {
            for (const secret of secrets) await writeSecret(dir, secret.name, secret.value);
          } catch (error) {
            if (error instanceof ProjectError) throw new RequestFailure('SecretNotStored', `${host.name}: ${error.message}`, { host: host.name });
            throw error;
          }
        };
        const session = await editClusterYaml(engine, host.name, (text) => addHost(text, entry), storeSecrets);
        return { host: summaryOf(session, engine, host.name) };
      }),
    'hosts.remove': ({ name }) =>
      engine.exclusive('changing hosts', async () => {
        await editClusterYaml(engine, name, (text) => removeHost(text, name));
        return { name };
      }),
    'hosts.update': ({ name, roles, capture }) =>
      engine.exclusive('changing hosts', async () => {
        const entries = capture.map((nic) => captureEntry(name, nic));
        const session = await editClusterYaml(engine, name, (text) => setHostRoles(text, name, roles, entries));
        return { host: summaryOf(session, engine, name) };
      }),
  };
}
