/**
 * One host feeds another over the site network: the copy runs on the source host (ssh from there to the target,
 * with a temporary key and the target's host key pinned from what the installer already trusts), so the bytes never
 * cross the installer's link. Each part continues from what the target already holds.
 *
 * The installer watches the copy: the command on the source prints a heartbeat, and when the installer goes away
 * (killed, laptop closed) the heartbeat finds no reader and stops the copy, so no transfer outlives the run that
 * started it. The temporary key and records are removed afterwards on both hosts, also on failure and cancel.
 */
import type { HostAccess } from '../engine/step-runner.ts';
import { HostError } from '../ssh/host-error.ts';
import { shScript } from '../ssh/shell-quote.ts';
import { formatBytes, incomingDir, partPath, finalPath, type Piece } from './distribution-plan.ts';
import { execOn, partBytes } from './distribution-remote.ts';
import { authorizeSender, newTransferMarker, removeTransfer, setUpReceiver, setUpSender, TRANSFERS_FOLDER } from './distribution-transfer-keys.ts';

export interface CopyEnd {
  name: string;
  access: HostAccess;
}

export interface CopyTarget extends CopyEnd {
  /** How the source reaches the target: the address and port of the spec (the name the pins are under). */
  address: string;
  port: number;
  user: string;
}

export interface HostCopy {
  source: CopyEnd;
  target: CopyTarget;
  destination: string;
  /** Pieces of one unit, in order; each continues from the part the target holds. */
  pieces: readonly Piece[];
  /** known_hosts lines pinning the target's host key(s), as the installer has them. */
  pins: string;
  signal?: AbortSignal;
  log: (line: string) => void;
  /** Bytes of the unit on the target so far. */
  onProgress?: (bytes: number) => void;
}

// Cipher order: AES-GCM first (hardware AES makes it the fastest on servers), ChaCha20 where AES is slow.
const CIPHERS = 'aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com';

// The copy of one piece, run on the source as the login user. The bytes come from the placed file when there is one,
// else from the part still growing (opened once: a concurrent rename into place keeps it readable). The heartbeat
// writes a dot a second to the installer; once nobody reads (the installer is gone), it stops the whole copy.
const SEND = `d="$HOME/${TRANSFERS_FOLDER}/$1"; user=$2; host=$3; port=$4; sha=$5; off=$6; end=$7; final=$8; part=$9
( trap '' PIPE; while sleep 1 < /dev/null > /dev/null 2>&1; do printf . || kill -TERM 0; done ) &
heartbeat=$!
src=$part; [ -f "$final" ] && src=$final
{ tail -c +$((off + 1)) -- "$src" 2> /dev/null || tail -c +$((off + 1)) -- "$final"; } | head -c $((end - off)) |
  ssh -T -F /dev/null -i "$d/key" -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o StrictHostKeyChecking=yes \\
    -o UserKnownHostsFile="$d/known_hosts" -o GlobalKnownHostsFile=/dev/null -o CheckHostIP=no -o UpdateHostKeys=no \\
    -o ConnectTimeout=20 -o ServerAliveInterval=5 -o ServerAliveCountMax=4 -o LogLevel=ERROR -o Ciphers=${CIPHERS} \\
    -p "$port" -l "$user" -- "$host" "$sha $off" >&2
rc=$?
kill "$heartbeat" 2> /dev/null
exit $rc`;

/** Copies the unit's pieces from source to target; returns the bytes sent this time. */
export async function copyBetweenHosts(copy: HostCopy): Promise<number> {
  const { source, target, destination, signal } = copy;
  const marker = newTransferMarker();
  const unitStart = copy.pieces.map((p) => p.end - p.start);
  const doneBefore = (i: number) => unitStart.slice(0, i).reduce((a, b) => a + b, 0);
  let sent = 0;
  try {
    const allowed = copy.pieces.map((p) => ({ sha256: p.file.sha256, end: p.end }));
    await setUpReceiver(target.access, marker, incomingDir(destination), allowed, signal);
    const key = await setUpSender(source.access, marker, target.name, target.address, copy.pins, signal);
    await authorizeSender(target.access, marker, key, signal);
    for (const [i, piece] of copy.pieces.entries()) {
      const from = Math.max(piece.start, await partBytes(target.access.connection, destination, piece.file, signal));
      copy.onProgress?.(doneBefore(i) + Math.min(from, piece.end) - piece.start);
      if (from >= piece.end) continue;
      let stopped = false;
      const watch = (async () => {
        // Progress from the target's side: what has arrived, not what the source has read.
        while (!stopped) {
          await new Promise((r) => setTimeout(r, 1000));
          if (stopped) break;
          const now = await partBytes(target.access.connection, destination, piece.file, signal).catch(() => undefined);
          if (now !== undefined && !stopped) copy.onProgress?.(doneBefore(i) + Math.min(now, piece.end) - piece.start);
        }
      })();
      const errors: string[] = [];
      try {
        const result = await execOn(
          source.access,
          shScript(SEND, 'picket-send', marker, target.user, target.address, target.port, piece.file.sha256, from, piece.end,
            finalPath(destination, piece.file.path), partPath(destination, piece.file)),
          {
            purpose: `sending ${piece.file.path} to ${target.name}`,
            timeoutMs: 0,
            ...(signal ? { signal } : {}),
            onStderr: (chunk) => errors.push(chunk.toString('utf8')),
          },
        );
        if (result.exitCode !== 0) {
          const said = errors.join('').trim().split('\n').filter(Boolean).pop() ?? `exit ${result.exitCode ?? result.signal}`;
          throw new HostError(target.name, 'command', `receiving ${piece.file.path} from ${source.name} failed: ${said}`);
        }
      } finally {
        stopped = true;
        await watch;
      }
      sent += piece.end - from;
      copy.onProgress?.(doneBefore(i + 1));
      copy.log(`${formatBytes(piece.end - from)} of ${piece.file.path} from ${source.name}`);
    }
    return sent;
  } finally {
    const cleanup = await Promise.allSettled([removeTransfer(target.access, marker), removeTransfer(source.access, marker)]);
    const failed = cleanup.flatMap((c, i) => (c.status === 'rejected' ? [`${i === 0 ? target.name : source.name}: ${(c.reason as Error).message}`] : []));
    // A key left behind is recorded on its host, and the next run's sweep removes it; say so rather than hide it.
    if (failed.length) copy.log(`could not remove the temporary key yet (the next run removes it): ${failed.join('; ')}`);
  }
}
