/**
 * The temporary trust between two hosts for one transfer. The source host makes an ed25519 key pair in a private
 * folder of its own (the private half never leaves it, and Picket never reads it); the target adds the public half
 * to its login user's authorized_keys, limited to the source's address (from=), to nothing but a fixed receive
 * command (command=) and to no pty, forwarding or agent (restrict). Both are removed afterwards.
 *
 * Each transfer first records itself on each host as a folder ~/.picket-transfers/<marker> (the marker is the
 * key's comment), before anything it must undo exists: a run killed midway leaves folders, and the next run's
 * sweep removes exactly what they record — the key line carrying the marker, and the folder.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { HostError } from '../ssh/host-error.ts';
import { shScript } from '../ssh/shell-quote.ts';
import type { HostAccess } from '../engine/step-runner.ts';
import { execOn, mustOn } from './distribution-remote.ts';

export const MARKER_PREFIX = 'picket-transfer-';
const MARKER = /^picket-transfer-[0-9a-f]{32}$/;
/** Where the user's transfers are recorded, in the login user's home. */
export const TRANSFERS_FOLDER = '.picket-transfers';

export function newTransferMarker(): string {
  return `${MARKER_PREFIX}${randomBytes(16).toString('hex')}`;
}

export function isTransferMarker(text: string): boolean {
  return MARKER.test(text);
}

// Shared by every script below: the record folder, refusing a home whose path would not survive authorized_keys
// quoting (the forced command names a file in it).
const COMMON = `case $HOME in ''|*[!A-Za-z0-9._/@+-]*) echo "picket: the home folder of $(id -un) has an unusual path" >&2; exit 9;; esac
root="$HOME/${TRANSFERS_FOLDER}"
# Makes this transfer's record folder. Transfers run side by side on a host, and one finishing removes the common
# folder once it is empty: made again when that happens between the two mkdirs.
record() {
  for attempt in 1 2 3 4 5; do
    mkdir -p -- "$root" 2> /dev/null
    if mkdir -- "$root/$1" 2> /dev/null; then return 0; fi
    if [ -e "$root/$1" ]; then break; fi
  done
  echo "picket: cannot make $root/$1" >&2
  return 1
}`;

// Removing one transfer: the key line (through a copy swapped in, so authorized_keys is never half-written and keeps
// its mode), the file if this transfer created it and it is empty again, and the record.
const REMOVE_ONE = `remove_one() {
  m=$1; d="$root/$m"; f="$HOME/.ssh/authorized_keys"
  if [ -f "$f" ] && grep -q -F -e "$m" "$f"; then
    t="$f.$m"
    cp -p -- "$f" "$t" || return 1
    grep -v -F -e "$m" "$f" > "$t"
    if [ $? -gt 1 ]; then rm -f -- "$t"; return 1; fi
    mv -f -- "$t" "$f" || return 1
  fi
  if [ -e "$d/created-authorized-keys" ] && [ -f "$f" ] && [ ! -s "$f" ]; then rm -f -- "$f"; fi
  rm -rf -- "$d"
}`;

/**
 * The forced command: appends stdin to expected parts, each at the offset the sender names, and nothing else. The
 * sender names "<sha256> <offset>" for each piece, in the order their bytes follow on stdin. Its folder holds
 * `incoming` (where parts are) and `allowed` (sha256 and end offset of each part it may write).
 */
export const RECEIVER = `set -f
dir=\${0%/*}
incoming=$(cat "$dir/incoming") || exit 2
set -- $SSH_ORIGINAL_COMMAND
if [ $# -eq 0 ] || [ $(($# % 2)) -ne 0 ]; then echo 'picket receiver: expected "<sha256> <offset>" for each piece' >&2; exit 2; fi
end_of() {
  found=
  while read -r s e; do if [ "$s" = "$1" ]; then found=$e; fi; done < "$dir/allowed"
  printf '%s' "$found"
}
# Every piece is checked before a byte is read.
n=$#; i=0
while [ $i -lt $n ]; do
  sha=$1; off=$2; shift 2; set -- "$@" "$sha" "$off"; i=$((i + 2))
  case $sha in ''|*[!0-9a-f]*) echo 'picket receiver: not a sha256' >&2; exit 2;; esac
  case $off in ''|*[!0-9]*) echo 'picket receiver: not an offset' >&2; exit 2;; esac
  if [ \${#sha} -ne 64 ]; then echo 'picket receiver: not a sha256' >&2; exit 2; fi
  if [ -z "$(end_of "$sha")" ]; then echo "picket receiver: $sha is not expected here" >&2; exit 2; fi
done
while [ $# -gt 0 ]; do
  sha=$1; off=$2; shift 2
  end=$(end_of "$sha")
  part="$incoming/$sha.part"
  have=0
  if [ -f "$part" ]; then have=$(($(wc -c < "$part") + 0)); fi
  if [ "$have" -ne "$off" ] || [ "$off" -gt "$end" ]; then echo "picket receiver: the part holds $have bytes, the sender starts at $off" >&2; exit 3; fi
  head -c $((end - off)) >> "$part" || exit 4
  have=$(($(wc -c < "$part") + 0))
  if [ "$have" -ne "$end" ]; then echo "picket receiver: the part ends at $have bytes, not $end: the sender stopped early" >&2; exit 4; fi
done
`;

const TARGET_SETUP = `${COMMON}
m=$1; incoming=$2; allowed=$3
umask 077
record "$m" || exit 1
cat > "$root/$m/receive" || exit 1
printf '%s\\n' "$incoming" > "$root/$m/incoming"
printf '%s\\n' "$allowed" > "$root/$m/allowed"
printf '%s\\n' "$root/$m/receive"`;

const TARGET_AUTHORIZE = `${COMMON}
m=$1; from=$2; pub=$3
umask 077
d="$root/$m"
[ -d "$d" ] || { echo "picket: the transfer record $d is missing" >&2; exit 1; }
mkdir -p -- "$HOME/.ssh" || exit 1
f="$HOME/.ssh/authorized_keys"
if [ ! -e "$f" ]; then : > "$d/created-authorized-keys"; fi
if [ -s "$f" ] && [ -n "$(tail -c 1 -- "$f")" ]; then echo >> "$f"; fi
printf 'from="%s",restrict,command="/bin/sh %s/receive" %s\\n' "$from" "$d" "$pub" >> "$f"`;

const SOURCE_SETUP = `${COMMON}
m=$1; address=$2
umask 077
record "$m" || exit 1
d="$root/$m"
cat > "$d/known_hosts" || exit 1
ssh-keygen -q -t ed25519 -N '' -C "$m" -f "$d/key" < /dev/null > /dev/null || { echo 'picket: ssh-keygen failed (is openssh-client installed?)' >&2; exit 2; }
printf 'pub %s\\n' "$(cat "$d/key.pub")"
resolved=$(getent ahosts "$address" | head -n 1) && set -- $resolved && address=$1
printf 'route %s\\n' "$(ip -o route get "$address" 2>/dev/null | head -n 1)"
printf 'dir %s\\n' "$d"`;

const REMOVE = `${COMMON}
${REMOVE_ONE}
remove_one "$1" || { echo "picket: could not remove transfer $1" >&2; exit 1; }
rmdir -- "$root" 2>/dev/null
exit 0`;

const SWEEP = `${COMMON}
${REMOVE_ONE}
[ -d "$root" ] || exit 0
failed=0
for d in "$root"/${MARKER_PREFIX}*; do
  [ -d "$d" ] || continue
  m=\${d##*/}
  case \${m#${MARKER_PREFIX}} in ''|*[!0-9a-f]*) continue;; esac
  if remove_one "$m"; then printf 'removed %s\\n' "$m"; else failed=1; fi
done
rmdir -- "$root" 2>/dev/null
exit $failed`;

const LIST = `${COMMON}
[ -d "$root" ] || exit 0
for d in "$root"/${MARKER_PREFIX}*; do [ -d "$d" ] && printf '%s\\n' "\${d##*/}"; done
exit 0`;

/** What the source answered: its public key line, and the address it reaches the target from. */
export interface SourceKey {
  publicKey: string;
  fromAddress: string;
}

const PUBLIC_KEY = /^ssh-ed25519 [A-Za-z0-9+/]+={0,2} (picket-transfer-[0-9a-f]{32})$/;

export function parseSourceSetup(text: string, marker: string, source: string, target: string): SourceKey {
  const field = (name: string) => text.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1).trim() ?? '';
  const publicKey = field('pub');
  const key = PUBLIC_KEY.exec(publicKey);
  if (!key || key[1] !== marker) throw new HostError(source, 'protocol', 'the temporary key made for the transfer is not the ed25519 key asked for');
  const src = /\bsrc (\S+)/.exec(field('route'))?.[1];
  if (!src || !isIP(src)) {
    throw new HostError(source, 'command', `cannot tell which address it reaches ${target} from (ip route get gave no source address): is ${target} reachable from ${source}?`);
  }
  return { publicKey, fromAddress: src };
}

/** On the target: the record folder, with the receiver and what it may write. Returns the receiver's path. */
export async function setUpReceiver(target: HostAccess, marker: string, incoming: string, allowed: readonly { sha256: string; end: number }[], signal?: AbortSignal): Promise<void> {
  await mustOn(target, shScript(TARGET_SETUP, 'picket-transfer-target', marker, incoming, allowed.map((a) => `${a.sha256} ${a.end}`).join('\n')), {
    purpose: 'preparing to receive bundle bytes',
    stdin: RECEIVER,
    ...(signal ? { signal } : {}),
  });
}

/** On the source: the record folder, the pinned host key of the target, and a new key pair. */
export async function setUpSender(source: HostAccess, marker: string, targetName: string, targetRouteAddress: string, pins: string, signal?: AbortSignal): Promise<SourceKey> {
  const out = await mustOn(source, shScript(SOURCE_SETUP, 'picket-transfer-source', marker, targetRouteAddress), {
    purpose: `making a temporary key to send to ${targetName}`,
    stdin: pins,
    ...(signal ? { signal } : {}),
  });
  return parseSourceSetup(out, marker, source.connection.label, targetName);
}

export async function authorizeSender(target: HostAccess, marker: string, key: SourceKey, signal?: AbortSignal): Promise<void> {
  if (!isIP(key.fromAddress) || !PUBLIC_KEY.test(key.publicKey)) throw new Error('refusing an unchecked key or address for authorized_keys');
  await mustOn(target, shScript(TARGET_AUTHORIZE, 'picket-transfer-authorize', marker, key.fromAddress, key.publicKey), {
    purpose: 'allowing the temporary key',
    ...(signal ? { signal } : {}),
  });
}

/** Removes one transfer's key line and record from a host. Never cancelled: it is what a cancel must still do. */
export async function removeTransfer(host: HostAccess, marker: string): Promise<void> {
  if (!isTransferMarker(marker)) throw new Error('not a transfer marker');
  await mustOn(host, shScript(REMOVE, 'picket-transfer-remove', marker), { purpose: 'removing the temporary key', timeoutMs: 60_000 });
}

/** The transfers recorded on a host (left by a run that was killed, when no transfer is running). */
export async function listTransfers(host: HostAccess, signal?: AbortSignal): Promise<string[]> {
  const out = await mustOn(host, shScript(LIST, 'picket-transfer-list'), { purpose: 'looking for leftover temporary keys', ...(signal ? { signal } : {}) });
  return out.split('\n').filter(isTransferMarker);
}

/** Removes every recorded transfer from a host; returns the markers removed. */
export async function sweepTransfers(host: HostAccess, signal?: AbortSignal): Promise<string[]> {
  const result = await execOn(host, shScript(SWEEP, 'picket-transfer-sweep'), { purpose: 'removing leftover temporary keys', ...(signal ? { signal } : {}) });
  const removed = result.stdout.split('\n').flatMap((l) => (l.startsWith('removed ') ? [l.slice('removed '.length)] : [])).filter(isTransferMarker);
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
    throw new HostError(host.connection.label, 'command', `removing leftover temporary keys failed: ${why}`);
  }
  return removed;
}
