/**
 * hosts.add, hosts.remove and hosts.update: the open project's hosts, changed in its cluster.yaml. The file is
 * edited on its YAML document (the user's comments stay), the result validated as `picket spec check` would
 * (a draft may still lack capture NICs, never be wrong) before it is written, and the session reopened from it.
 * A password or passphrase given is stored in secrets.yaml and referenced by name; no answer carries it back.
 */
import type { HostSummary } from '../../contract/project-summary.ts';
import type { ClusterSession } from '../../engine/cluster-session.ts';
import { addHost, removeHost, setHostRoles } from '../../project/edit-cluster-hosts.ts';
import { ProjectError, writeSecret } from '../../project/project-folder.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import { editClusterYaml, type ClusterYamlEdit } from '../edit-cluster-yaml.ts';
import type { EngineService } from '../engine-service.ts';
import { hostSummaries } from '../host-summary.ts';
import { captureEntry, newHostEntry } from '../new-host-entry.ts';
import { RequestFailure } from '../request-failure.ts';

/** An edit about one host: its refusals name the host. */
function editHost(engine: EngineService, host: string, edit: ClusterYamlEdit, before?: () => Promise<void>) {
  return editClusterYaml(engine, edit, { subject: host, host, refusedAs: 'HostEditRefused', ...(before ? { before } : {}) });
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
        const session = await editHost(engine, host.name, (text) => addHost(text, entry), storeSecrets);
        return { host: summaryOf(session, engine, host.name) };
      }),
    'hosts.remove': ({ name }) =>
      engine.exclusive('changing hosts', async () => {
        await editHost(engine, name, (text) => removeHost(text, name));
        return { name };
      }),
    'hosts.update': ({ name, roles, capture }) =>
      engine.exclusive('changing hosts', async () => {
        const entries = capture.map((nic) => captureEntry(name, nic));
        const session = await editHost(engine, name, (text) => setHostRoles(text, name, roles, entries));
        return { host: summaryOf(session, engine, name) };
      }),
  };
}
