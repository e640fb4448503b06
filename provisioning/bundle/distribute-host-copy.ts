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
import { formatBytes } from './format-bytes.ts';
import { HostError } from '../ssh/host-error.ts';
import { shScript } from '../ssh/shell-quote.ts';
import { incomingDir, partPath, finalPath, type Piece } from './distribution-plan.ts';
import { execOn } from './distribution-remote.ts';
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
  /** Pieces of one unit, in order, each starting where the target's part ends (the receiver checks that it does). */
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

// The copy of a unit's pieces, in one SSH session, run on the source as the login user. Arguments after the first
// five come in fours (offset, end, placed file, part); the remote command names each piece's sha256 and offset, for
// the receiver. The bytes come from the placed file when there is one, else from the part (opened once: a rename
// into place meanwhile keeps it readable). The heartbeat writes a dot a second to the installer; once nobody reads
// (the installer is gone), it stops the whole copy.
const SEND = `d="$HOME/${TRANSFERS_FOLDER}/$1"; user=$2; host=$3; port=$4; remote=$5; shift 5
pieces() {
  while [ $# -ge 4 ]; do
    off=$1; end=$2; final=$3; part=$4; shift 4
    src=$part; [ -f "$final" ] && src=$final
    { tail -c +$((off + 1)) -- "$src" 2> /dev/null || tail -c +$((off + 1)) -- "$final"; } | head -c $((end - off))
  done
}
check() {
  while [ $# -ge 4 ]; do
    have=0
    if [ -f "$3" ]; then have=$(stat -c %s -- "$3"); elif [ -f "$4" ]; then have=$(stat -c %s -- "$4"); fi
    if [ "$have" -lt "$2" ]; then echo "picket: this host holds $have bytes of a file, not the $2 to send" >&2; return 1; fi
    shift 4
  done
}
check "$@" || exit 6
( trap '' PIPE; while sleep 1 < /dev/null > /dev/null 2>&1; do printf . || kill -TERM 0; done ) &
heartbeat=$!
pieces "$@" |
  ssh -T -F /dev/null -i "$d/key" -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes -o StrictHostKeyChecking=yes \\
    -o UserKnownHostsFile="$d/known_hosts" -o GlobalKnownHostsFile=/dev/null -o CheckHostIP=no -o UpdateHostKeys=no \\
    -o ConnectTimeout=20 -o ServerAliveInterval=5 -o ServerAliveCountMax=4 -o LogLevel=ERROR -o Ciphers=${CIPHERS} \\
    -p "$port" -l "$user" -- "$host" "$remote" >&2
rc=$?
kill "$heartbeat" 2> /dev/null
exit $rc`;

// Sizes of the unit's parts on the target, for progress.
const PART_SIZES = `for p in "$@"; do if [ -f "$p" ]; then stat -c %s -- "$p"; else echo 0; fi; done`;

/** Copies the unit's pieces from source to target; returns the bytes sent this time. */
export async function copyBetweenHosts(copy: HostCopy): Promise<number> {
  const { source, target, destination, signal } = copy;
  const pieces = copy.pieces.filter((p) => p.start < p.end || (p.start === 0 && p.end === 0));
  if (pieces.length === 0) return 0;
  const total = pieces.reduce((sum, p) => sum + p.end - p.start, 0);
  const marker = newTransferMarker();
  try {
    const allowed = pieces.map((p) => ({ sha256: p.file.sha256, end: p.end }));
    // The two records are independent: made at once, then the key is allowed on the target.
    // Both settle before going on, so that the cleanup below never runs beside a setup still under way.
    const [receiver, sender] = await Promise.allSettled([
      setUpReceiver(target.access, marker, incomingDir(destination), allowed, signal),
      setUpSender(source.access, marker, target.name, target.address, copy.pins, signal),
    ]);
    if (receiver.status === 'rejected') throw receiver.reason;
    if (sender.status === 'rejected') throw sender.reason;
    await authorizeSender(target.access, marker, sender.value, signal);
    copy.onProgress?.(0);
    let stopped = false;
    const parts = pieces.map((p) => partPath(destination, p.file));
    const watch = (async () => {
      // Progress from the target's side: what has arrived, not what the source has read.
      while (!stopped) {
        await new Promise((r) => setTimeout(r, 2000));
        if (stopped) break;
        const out = await target.access.connection.run(shScript(PART_SIZES, 'picket-part-sizes', ...parts), { purpose: 'progress', timeoutMs: 30_000 }).catch(() => undefined);
        const sizes = out?.trim().split('\n').map(Number) ?? [];
        if (stopped || sizes.length !== pieces.length || sizes.some((n) => !Number.isSafeInteger(n))) continue;
        copy.onProgress?.(pieces.reduce((sum, p, i) => sum + Math.max(0, Math.min(sizes[i]!, p.end) - p.start), 0));
      }
    })();
    const errors: string[] = [];
    try {
      const remote = pieces.map((p) => `${p.file.sha256} ${p.start}`).join(' ');
      const args = pieces.flatMap((p) => [p.start, p.end, finalPath(destination, p.file.path), partPath(destination, p.file)]);
      const result = await execOn(source.access, shScript(SEND, 'picket-send', marker, target.user, target.address, target.port, remote, ...args), {
        purpose: `sending bundle bytes to ${target.name}`,
        timeoutMs: 0,
        ...(signal ? { signal } : {}),
        onStderr: (chunk) => errors.push(chunk.toString('utf8')),
      });
      if (result.exitCode !== 0) {
        const said = errors.join('').trim().split('\n').filter(Boolean).pop() ?? `exit ${result.exitCode ?? result.signal}`;
        throw new HostError(target.name, 'command', `receiving ${pieces.map((p) => p.file.path).join(', ')} from ${source.name} failed: ${said}`);
      }
    } finally {
      stopped = true;
      await watch;
    }
    copy.onProgress?.(total);
    for (const p of pieces) copy.log(`${formatBytes(p.end - p.start)} of ${p.file.path} from ${source.name}`);
    return total;
  } finally {
    const cleanup = await Promise.allSettled([removeTransfer(target.access, marker), removeTransfer(source.access, marker)]);
    const failed = cleanup.flatMap((c, i) => (c.status === 'rejected' ? [`${i === 0 ? target.name : source.name}: ${(c.reason as Error).message}`] : []));
    // A key left behind is recorded on its host, and the next run's sweep removes it; say so rather than hide it.
    if (failed.length) copy.log(`could not remove the temporary key yet (the next run removes it): ${failed.join('; ')}`);
  }
}
