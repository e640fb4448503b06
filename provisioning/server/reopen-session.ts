/**
 * After cluster.yaml changed (a host added, removed or given other roles), the engine's session is opened again
 * from the file, so what it works on is what the file says. What discovery knew is kept for every host whose
 * login did not change: when that covers every host, the project is discovered again at once, without a single
 * SSH round trip (capture NICs are matched and hosts planned anew), and the faces get the result.
 */
import type { ClusterSession, SessionHost } from '../engine/cluster-session.ts';
import { effectiveHost, type ClusterSpec, type HostSpec } from '../project/cluster-spec.ts';
import type { HostInventory } from '../inventory/host-inventory.ts';
import type { EngineService } from './engine-service.ts';
import { discoverHosts } from './handlers/discovery-handlers.ts';
import { openSession } from './handlers/project-handlers.ts';

/** What reaching and logging in to a host depends on: a change to any of it means its inventory may be stale. */
function loginOf(spec: ClusterSpec, host: HostSpec): string {
  const { roles: _roles, capture: _capture, ...login } = effectiveHost(spec, host);
  return JSON.stringify(login, Object.keys(login).sort());
}

export async function reopenSession(engine: EngineService, old: ClusterSession): Promise<ClusterSession> {
  const wasDiscovered = engine.discovered;
  const known = new Map<string, { login: string; inventory: HostInventory }>();
  for (const host of old.hosts) if (host.inventory) known.set(host.name, { login: loginOf(old.spec, host.spec), inventory: host.inventory });

  const session = await openSession(engine, old.project.file);
  const carried = (host: SessionHost) => {
    const was = known.get(host.name);
    return was && was.login === loginOf(session.spec, host.spec) ? was.inventory : undefined;
  };
  if (wasDiscovered && session.hosts.every((host) => carried(host) !== undefined)) {
    await discoverHosts(engine, session, carried);
  }
  return session;
}
