/** Opening a project session from CLI flags shared by check, plan, apply, verify and reset. */
import { resolve } from 'node:path';
import { ClusterSession, type SessionHost } from '../engine/cluster-session.ts';
import type { HostKeyOffer } from '../ssh/connection.ts';
import { hostKeyLabel } from '../ssh/host-key.ts';
import { formatFraction, progressLine } from './bundle-progress.ts';
import { confirmOnTerminal, interactive } from './terminal-io.ts';

export const SESSION_OPTIONS = {
  file: { type: 'string', short: 'f' },
  'accept-new-host-keys': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface SessionFlags {
  file?: string | undefined;
  'accept-new-host-keys'?: boolean | undefined;
}

export async function openSession(flags: SessionFlags, signal?: AbortSignal): Promise<ClusterSession> {
  const file = resolve(flags.file ?? 'cluster.yaml');
  const accept = flags['accept-new-host-keys'] ?? false;
  const confirmNewHost = async (offer: HostKeyOffer) =>
    accept || (interactive() && confirmOnTerminal(`${offer.host}:${offer.port} offers host key ${hostKeyLabel(offer.keyType)} ${offer.fingerprint}. Trust it?`));
  return ClusterSession.open(file, { confirmNewHost, ...(signal ? { signal } : {}) });
}

/** Inventories and plans every host, printing one line per host; false (with the problems printed) if any failed. */
export async function discover(session: ClusterSession, out: (line: string) => void): Promise<boolean> {
  let done = 0;
  // Verifying a bundle hashes every byte of it (seconds per GiB) before any host is contacted: show it moving.
  const line = progressLine();
  await session.discover(
    (host: SessionHost) => {
      done++;
      out(`discover ${done}/${session.hosts.length}  ${host.name}: ${host.problems.length ? 'problem' : host.plan ? 'planned' : 'inventoried'}`);
    },
    {
      onBundleProgress: (p) => {
        line.update(`verifying the bundle: ${p.path} ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
        line.milestone(p.bundleBytesDone, p.bundleBytesTotal, () => `verified ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)} of the bundle`);
      },
    },
  );
  line.end();
  const problems = session.problems();
  for (const p of problems) out(`✗ ${p}`);
  return problems.length === 0;
}
