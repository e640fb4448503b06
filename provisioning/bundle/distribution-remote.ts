/**
 * What distribution asks of one host, as commands: where the bundle's files stand there, how much room it has, the
 * sha256 of a file, and placing a received file once its sha256 matches. Every command is built with the quoting
 * helper; whatever a host answers is parsed strictly (it is untrusted).
 */
import { HostError } from '../ssh/host-error.ts';
import type { ExecResult } from '../ssh/connection.ts';
import { sh, shScript, type ShellCommand } from '../ssh/shell-quote.ts';
import type { HostAccess } from '../engine/step-runner.ts';
import { finalPath, incomingDir, partPath, type DistributedFile } from './distribution-plan.ts';
import { parseDfOutput, type FilesystemSpace } from './distribution-space.ts';

export interface RemoteCall {
  purpose: string;
  /** Run as root (through sudo when the login is not): placing files under the destination needs it. */
  root?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  stdin?: string;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

/** Runs a command, returning its result whatever the exit code (cancel, timeout and a lost host still throw). */
export function execOn(access: HostAccess, command: ShellCommand, call: RemoteCall): Promise<ExecResult> {
  return access.connection.exec(command, {
    sudo: Boolean(call.root) && access.sudo,
    purpose: call.purpose,
    timeoutMs: call.timeoutMs ?? 120_000,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(call.stdin !== undefined ? { stdin: call.stdin } : {}),
    ...(call.onStdout ? { onStdout: call.onStdout } : {}),
    ...(call.onStderr ? { onStderr: call.onStderr } : {}),
  });
}

/** Like execOn, but a non-zero exit throws a one-line HostError (its last stderr line); returns stdout. */
export async function mustOn(access: HostAccess, command: ShellCommand, call: RemoteCall): Promise<string> {
  const result = await execOn(access, command, call);
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
    throw new HostError(access.connection.label, 'command', `${call.purpose} failed: ${why}`);
  }
  return result.stdout;
}

/** What a host holds of one file: the placed file (size and identity, for the hash memo) and the part arriving. */
export interface Holding {
  final?: { size: number; stamp: string };
  partBytes?: number;
}

const HOLDINGS = `
while [ $# -gt 1 ]; do
  f=-; p=-
  if [ -f "$1" ] && [ ! -L "$1" ]; then f=$(stat -c '%s:%Y:%i' -- "$1" 2>/dev/null) || f=-; fi
  if [ -f "$2" ]; then p=$(stat -c '%s' -- "$2" 2>/dev/null) || p=-; fi
  printf '%s %s\\n' "$f" "$p"
  shift 2
done`;

/** One line per file: "<size>:<mtime>:<inode>|- <part size>|-". */
export function parseHoldings(text: string, count: number, host: string): Holding[] {
  const lines = text.split('\n').filter((l) => l !== '');
  if (lines.length !== count) throw new HostError(host, 'protocol', `expected ${count} lines about the bundle's files, got ${lines.length}`);
  return lines.map((line) => {
    const m = /^(?:(\d+):(\d+:\d+)|-) (?:(\d+)|-)$/.exec(line);
    if (!m) throw new HostError(host, 'protocol', `unexpected answer about a bundle file: ${JSON.stringify(line.slice(0, 80))}`);
    return {
      ...(m[1] !== undefined ? { final: { size: Number(m[1]), stamp: `${m[1]}:${m[2]}` } } : {}),
      ...(m[3] !== undefined ? { partBytes: Number(m[3]) } : {}),
    };
  });
}

export async function readHoldings(access: HostAccess, destination: string, files: readonly DistributedFile[], signal?: AbortSignal): Promise<Holding[]> {
  if (files.length === 0) return [];
  const args = files.flatMap((f) => [finalPath(destination, f.path), partPath(destination, f)]);
  const out = await mustOn(access, shScript(HOLDINGS, 'picket-holdings', ...args), { purpose: 'reading what the host holds of the bundle', root: true, ...(signal ? { signal } : {}) });
  return parseHoldings(out, files.length, access.connection.label);
}

const FREE_SPACE = `d=$1
while [ ! -e "$d" ]; do d=$(dirname -- "$d"); done
df -P -k -- "$d"`;

/** Room on the filesystem that holds (or will hold) the destination. */
export async function readFreeSpace(access: HostAccess, destination: string, signal?: AbortSignal): Promise<FilesystemSpace> {
  const out = await mustOn(access, shScript(FREE_SPACE, 'picket-free-space', destination), { purpose: `free space for ${destination}`, root: true, ...(signal ? { signal } : {}) });
  const space = parseDfOutput(out);
  if (!space) throw new HostError(access.connection.label, 'protocol', `df did not say how much room ${destination} has`);
  return space;
}

/** Generous timeouts for work proportional to a file's size (hashing at 20 MB/s is a slow disk). */
export function timeoutForBytes(bytes: number, bytesPerSecond = 20_000_000): number {
  return 120_000 + Math.ceil((bytes / bytesPerSecond) * 1000);
}

function parseDigest(text: string, host: string, what: string): string {
  const m = /^([0-9a-f]{64})(\s|$)/.exec(text.trim());
  if (!m) throw new HostError(host, 'protocol', `unexpected sha256sum output for ${what}`);
  return m[1]!;
}

export async function sha256On(access: HostAccess, path: string, bytes: number, signal?: AbortSignal): Promise<string> {
  const out = await mustOn(access, sh`sha256sum -- ${path}`, { purpose: `sha256 of ${path}`, root: true, timeoutMs: timeoutForBytes(bytes), ...(signal ? { signal } : {}) });
  return parseDigest(out, access.connection.label, path);
}

// The bundle is a system path every user may read: folders made here are 755 whatever umask the login has (a
// hardened login's 077 reaches through sudo, and would shut the login user out of its own incoming folder and the
// sending host out of the files it passes on).
const PREPARE = `dest=$1; incoming=$2; user=$3
umask 022
mkdir -p -- "$dest" "$incoming" && chown -R -- "$user" "$incoming" && chmod 700 -- "$incoming"`;

/** The destination, and its incoming folder owned by the login user (SFTP and the receiver write there as that user). */
export async function prepareDestination(access: HostAccess, destination: string, signal?: AbortSignal): Promise<void> {
  const user = access.connection.target.user;
  await mustOn(access, shScript(PREPARE, 'picket-prepare', destination, incomingDir(destination), user), {
    purpose: `creating ${destination}`,
    root: true,
    ...(signal ? { signal } : {}),
  });
}

// Run as the login user: SFTP and the receiver write into the incoming folder as that user, so every folder above
// it that exists already must let that user through (those made by prepareDestination do). Prints the one nearest
// to / that does not, with its mode and owner.
const REACHABLE = `d=$1
closed=
while :; do
  if [ -e "$d" ] && [ ! -x "$d" ]; then closed=$d; fi
  [ "$d" = / ] && break
  d=$(dirname -- "$d")
done
[ -z "$closed" ] && exit 0
printf '%s %s\\n' "$(ls -ld -- "$closed" 2>/dev/null | cut -d' ' -f1,3,4)" "$closed"`;

/** What REACHABLE printed, as a problem naming host, folder and fix; undefined when nothing is in the way. */
export function parseClosedFolder(text: string, host: string, user: string, destination: string): string | undefined {
  const out = text.trim();
  if (out === '') return undefined;
  // Untrusted text: one line, of the expected shape, shortened.
  const m = /^(\S+ \S+ \S+) (\/.*)$/.exec(out.split('\n')[0]!.slice(0, 300));
  if (!m) throw new HostError(host, 'protocol', `unexpected answer about reaching ${destination}`);
  return `${host}: ${user} cannot reach ${destination}: ${m[2]} is closed to it (${m[1]}); let it through (chmod o+x ${m[2]}) or choose another bundle destination`;
}

/**
 * Whether the login user can reach the destination (a sudo login writes its parts as itself): undefined when it
 * can, else what stands in the way and how to fix it. Nothing on the host changes.
 */
export async function destinationClosedTo(access: HostAccess, destination: string, signal?: AbortSignal): Promise<string | undefined> {
  const user = access.connection.target.user;
  const out = await mustOn(access, shScript(REACHABLE, 'picket-reachable', destination), { purpose: `reaching ${destination} as ${user}`, ...(signal ? { signal } : {}) });
  return parseClosedFolder(out, access.connection.label, user, destination);
}

// The received bytes are checked before they count: only a part whose sha256 matches becomes the file (and any
// other path with the same content, linked or copied from it).
const PLACE = `part=$1; sha=$2; shift 2
umask 022
got=$(sha256sum < "$part") || exit 2
got=\${got%% *}
if [ "$got" != "$sha" ]; then printf 'mismatch %s\\n' "$got"; exit 0; fi
first=$1; shift
mkdir -p -- "$(dirname -- "$first")" || exit 2
chmod 644 -- "$part" && chown 0:0 -- "$part" 2>/dev/null
mv -f -- "$part" "$first" || exit 2
for extra in "$@"; do
  mkdir -p -- "$(dirname -- "$extra")" && { ln -f -- "$first" "$extra" 2>/dev/null || cp -f -- "$first" "$extra"; } || exit 2
done
printf 'placed %s %s\\n' "$got" "$(stat -c '%s:%Y:%i' -- "$first")"`;

/** Placed: the file's size:mtime:inode, so its hash need not be computed again. */
export type PlaceResult = { placed: true; stamp: string } | { placed: false; got: string };

/** Checks a complete part's sha256 on the host and, when it matches, moves it into place under every path it has. */
export async function placeReceived(access: HostAccess, destination: string, file: DistributedFile, paths: readonly string[], signal?: AbortSignal): Promise<PlaceResult> {
  const out = await mustOn(
    access,
    shScript(PLACE, 'picket-place', partPath(destination, file), file.sha256, ...paths.map((p) => finalPath(destination, p))),
    { purpose: `checking and placing ${file.path}`, root: true, timeoutMs: timeoutForBytes(file.size), ...(signal ? { signal } : {}) },
  );
  const placed = /^placed ([0-9a-f]{64}) (\d+:\d+:\d+)$/m.exec(out);
  if (placed?.[1] === file.sha256) return { placed: true, stamp: placed[2]! };
  const mismatch = /^mismatch ([0-9a-f]{64})$/m.exec(out);
  if (mismatch?.[1]) return { placed: false, got: mismatch[1] };
  throw new HostError(access.connection.label, 'protocol', `unexpected answer while placing ${file.path}`);
}

export async function removeIncomingIfEmpty(access: HostAccess, destination: string, signal?: AbortSignal): Promise<void> {
  await mustOn(access, sh`rmdir -- ${incomingDir(destination)} 2>/dev/null || true`, { purpose: 'tidying the incoming folder', root: true, ...(signal ? { signal } : {}) });
}

export async function removePart(access: HostAccess, destination: string, file: DistributedFile, signal?: AbortSignal): Promise<void> {
  await mustOn(access, sh`rm -f -- ${partPath(destination, file)}`, { purpose: `discarding the part of ${file.path}`, root: true, ...(signal ? { signal } : {}) });
}
