/**
 * How a bundle reaches every host, planned without touching one: the bundle cut into transfer units, and for each
 * unit a fan-out tree over the hosts. The first host gets each unit from the installer (the only bytes that cross
 * the installer's link); every host holding a unit then feeds one more host per round, so the holders double each
 * round and N hosts are served in about log2(N) rounds. Units pipeline: while the installer uploads unit k+1, the
 * hosts already pass unit k along, so the whole takes little longer than the one upload.
 *
 * A unit is a run of byte ranges (pieces) of the bundle's files in order; a large file spans several units, small
 * files share one. Pure.
 */
import { posix } from 'node:path';

/** One file every host must end up with: a bundle file, or the bundle's manifest and signature. */
export interface DistributedFile {
  /** Path under the destination: relative, '/'-separated (checked by the bundle manifest schema). */
  path: string;
  size: number;
  sha256: string;
}

/** Bytes [start, end) of one file. `finishes`: the piece ends the file, so its host can check and place it. */
export interface Piece {
  file: DistributedFile;
  start: number;
  end: number;
  finishes: boolean;
}

export interface TransferUnit {
  index: number;
  pieces: Piece[];
  bytes: number;
}

/** Where a host gets a unit from: the installer (over SFTP), or another host that has it. */
export type UnitSource = { kind: 'installer' } | { kind: 'host'; host: string; index: number };

export interface FanOutLink {
  /** Index of the host in distribution order (0: the host the installer uploads to). */
  target: number;
  /** The host feeding it (-1: the installer). */
  source: number;
  /** The host its source fed just before it (-1: none), so each source feeds one host at a time. */
  after: number;
}

export const MIN_UNIT_BYTES = 32 * 1024 * 1024;
/**
 * About this many units for a large bundle. After the upload ends, the last unit still has to cross the tree's
 * log2(N) rounds: smaller units shorten that tail. Each unit costs a few commands and a key exchange per host, so
 * not too small either; the step list stays readable.
 */
export const TARGET_UNITS = 16;

/**
 * The unit size for a bundle: a sixteenth of it, at least 32 MiB, rounded so the units come out even — the manifest
 * and other small files at the end ride in the last unit rather than making a tiny one of their own.
 */
export function unitBytesFor(totalBytes: number): number {
  const count = Math.max(1, Math.min(TARGET_UNITS, Math.round(totalBytes / MIN_UNIT_BYTES)));
  return Math.max(1, Math.ceil(totalBytes / count));
}

/** Files with the same content travel once: later duplicates are placed on the host from the first one's bytes. */
export function uniqueContents(files: readonly DistributedFile[]): { travelling: DistributedFile[]; copies: Map<string, string[]> } {
  const bySha = new Map<string, DistributedFile>();
  const copies = new Map<string, string[]>();
  for (const f of files) {
    const first = bySha.get(f.sha256);
    if (!first) {
      bySha.set(f.sha256, f);
      copies.set(f.sha256, []);
    } else {
      if (first.size !== f.size) throw new Error(`${f.path} and ${first.path} share a sha256 but not a size: the manifest is inconsistent`);
      copies.get(f.sha256)!.push(f.path);
    }
  }
  return { travelling: [...bySha.values()], copies };
}

/** Cuts the files, in order, into units of at most `unitBytes` (empty files ride in whichever unit they fall into). */
export function transferUnits(files: readonly DistributedFile[], unitBytes: number): TransferUnit[] {
  if (!Number.isInteger(unitBytes) || unitBytes < 1) throw new Error(`unit size must be a whole number of bytes ≥ 1, got ${unitBytes}`);
  const units: TransferUnit[] = [];
  let current: Piece[] = [];
  let room = unitBytes;
  const close = () => {
    if (current.length === 0) return;
    units.push({ index: units.length, pieces: current, bytes: current.reduce((sum, p) => sum + p.end - p.start, 0) });
    current = [];
    room = unitBytes;
  };
  for (const file of files) {
    let start = 0;
    do {
      if (room === 0) close();
      const end = Math.min(file.size, start + room);
      current.push({ file, start, end, finishes: end === file.size });
      room -= end - start;
      start = end;
    } while (start < file.size);
  }
  close();
  return units;
}

/**
 * The fan-out tree over `count` hosts, the same for every unit: in round r (1, 2, …) each of the first 2^(r-1) hosts
 * feeds host i + 2^(r-1). Host i > 0 is fed by i − 2^⌊log2 i⌋, after the host that source fed the round before.
 */
export function fanOutTree(count: number): FanOutLink[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a fan-out needs at least one host, got ${count}`);
  const links: FanOutLink[] = [{ target: 0, source: -1, after: -1 }];
  const lastFed = new Map<number, number>();
  for (let target = 1; target < count; target++) {
    const round = 2 ** Math.floor(Math.log2(target));
    const source = target - round;
    links.push({ target, source, after: lastFed.get(source) ?? -1 });
    lastFed.set(source, target);
  }
  return links;
}

/** How many rounds the tree takes: the upload, then one per doubling. */
export function fanOutRounds(count: number): number {
  return 1 + Math.ceil(Math.log2(count));
}

/** The folder on each host where files still arriving are kept (owned by the login user, who uploads into it). */
export function incomingDir(destination: string): string {
  return posix.join(destination, '.picket-incoming');
}

/** A file on its way: named by its content, so a rerun (or another path with the same bytes) continues it. */
export function partPath(destination: string, file: DistributedFile): string {
  return posix.join(incomingDir(destination), `${file.sha256}.part`);
}

export function finalPath(destination: string, path: string): string {
  return posix.join(destination, path);
}

