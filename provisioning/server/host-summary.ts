/** A host of the open project as the contract shows it: the spec's view merged with what discovery found. */
import type { EventOf } from '../contract/events.ts';
import type { CaptureNicSummary, HostLogin, HostStatus, HostSummary, MissingPiece, ProjectInfo } from '../contract/project-summary.ts';
import type { ClusterSession, SessionHost } from '../engine/cluster-session.ts';
import { effectiveHost, hostJump, hostPort, type AuthRef, type ClusterSpec, type HostSpec } from '../project/cluster-spec.ts';
import type { Project } from '../project/project-folder.ts';

function login(auth: AuthRef | undefined): HostLogin {
  switch (auth?.method) {
    case 'key':
      return { method: 'key', identityFile: auth.identityFile, passphraseSecretName: auth.passphraseSecret ?? null };
    case 'password':
      return { method: 'password', secretName: auth.secret };
    default:
      // A validated spec gives every host a login; agent is what ssh falls back to without one.
      return { method: 'agent' };
  }
}

function status(host: SessionHost | undefined, discovered: boolean): HostStatus {
  if (!host || !discovered) return 'new';
  if (host.problems.length > 0) return 'problem';
  if (host.plan) return 'planned';
  return host.inventory ? 'inventoried' : 'new';
}

export function hostSummary(spec: ClusterSpec, host: HostSpec, session: SessionHost | undefined, discovered: boolean): HostSummary {
  const auth = host.auth ?? spec.defaults?.auth;
  const effective = auth ? effectiveHost(spec, host) : undefined;
  const capture: CaptureNicSummary[] = (host.capture ?? []).map((nic) => ({
    pci: nic.pci ?? null,
    name: nic.name ?? null,
    mac: nic.mac ?? null,
    engines: nic.engines,
    resolved: discovered ? (session?.capture.find((c) => c.spec === nic)?.nic.name ?? null) : null,
  }));
  return {
    name: host.name,
    address: host.address,
    port: hostPort(spec.defaults, host),
    user: effective?.user ?? host.user ?? spec.defaults?.user ?? 'root',
    roles: host.roles,
    sudo: effective?.sudo ?? false,
    jump: hostJump(spec.defaults, host) ?? null,
    login: login(auth),
    capture,
    status: status(session, discovered),
    problems: discovered ? [...(session?.problems ?? [])] : [],
  };
}

/** A discovered host's inventory as the faces receive it (null, with problems saying why, when it failed). */
export function inventoryHostEvent(session: ClusterSession, host: SessionHost): EventOf<'inventory.host'> {
  return { type: 'inventory.host', host: host.name, status: hostSummary(session.spec, host.spec, host, true).status, inventory: host.inventory ?? null, problems: host.problems };
}

/** Every host of the spec, jump-only hosts included, in the spec's order. */
export function hostSummaries(session: ClusterSession, discovered: boolean): HostSummary[] {
  return session.spec.hosts.map((h) => hostSummary(session.spec, h, session.hosts.find((s) => s.name === h.name), discovered));
}

/** What a draft still lacks, each piece attributed to its host (by its index in hosts:) where it is about one. */
export function missingPieces(project: Project): MissingPiece[] {
  return (project.incomplete ?? []).map((error) => {
    const index = /^hosts\[(\d+)\]/.exec(error.path)?.[1];
    return { host: index === undefined ? null : (project.spec.hosts[Number(index)]?.name ?? null), path: error.path, message: error.message };
  });
}

export function projectInfo(project: Project): ProjectInfo {
  const waivers = (project.spec.preflight?.waive ?? []).map((w) => ({ check: w.check, host: w.host ?? null, reason: w.reason }));
  return { dir: project.dir, file: project.file, name: project.spec.name, mode: project.spec.mode, missing: missingPieces(project), waivers };
}
