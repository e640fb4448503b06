/**
 * The steps of the bundle's distribution, for the engine (journaled, resumable, with progress as step output):
 * per host, first the sweep of temporary keys an interrupted run left, then the space check, then one step per
 * transfer unit — from the installer for the first host, from another host for the rest.
 *
 * A unit's check says what the host already holds: a placed file whose sha256 matches (hashed on the host), or a
 * part already past the unit's end. So a rerun sends only what is missing, and a file corrupted on a host is
 * found there and fetched again — from the host that fed it (itself checked first), or from the installer.
 */
import type { CheckResult, Step, StepContext } from '../engine/step.ts';
import { formatBytes } from './format-bytes.ts';
import { stepId } from '../engine/step.ts';
import type { HostAccess } from '../engine/step-runner.ts';
import { HostError } from '../ssh/host-error.ts';
import { join } from 'node:path';
import { copyBetweenHosts } from './distribute-host-copy.ts';
import { uploadRange } from './distribute-upload.ts';
import { UploadStream } from './distribute-upload-stream.ts';
import { finalPath, partPath, type DistributedFile, type Piece, type TransferUnit } from './distribution-plan.ts';
import { destinationClosedTo, placeReceived, prepareDestination, readFreeSpace, readHoldings, removeIncomingIfEmpty, removePart, sha256On, type Holding } from './distribution-remote.ts';
import { judgeSpace } from './distribution-space.ts';
import { listTransfers, sweepTransfers } from './distribution-transfer-keys.ts';

export const BUNDLE_PHASE = 'bundle';

export interface DistributionHost {
  name: string;
  /** Address and port as the spec gives them: how other hosts reach this one, and the name its key is pinned under. */
  address: string;
  port: number;
  user: string;
  access: HostAccess;
}

/** What every step of one distribution shares. */
export interface DistributionContext {
  /** The verified bundle's folder on this machine. */
  bundleDir: string;
  destination: string;
  /** Files whose content travels (one per distinct sha256), and the further paths each content is placed under. */
  travelling: DistributedFile[];
  copies: Map<string, string[]>;
  units: TransferUnit[];
  hosts: DistributionHost[];
  /** known_hosts lines pinning a host's key, as the installer has them (for the hosts that send to it). */
  pinsFor: (host: DistributionHost) => Promise<string>;
  /** sha256 already computed on a host, by host, path and the file's size:mtime:inode (one process only). */
  hashes: Map<string, { stamp: string; sha256: string }>;
  /** Hosts whose destination folder this process has made sure of. */
  prepared: Set<string>;
  /** The installer's upload to the first host, once started. */
  upload?: UploadStream;
}

/** Where a piece stands on a host; `have`: bytes of its part already there (where a transfer continues). */
type PieceState = { done: true } | { done: false; why: string; have: number };

function hashKey(host: string, path: string): string {
  return `${host}\0${path}`;
}

async function hashOf(ctx: DistributionContext, host: DistributionHost, path: string, holding: Holding, size: number, signal?: AbortSignal): Promise<string> {
  const key = hashKey(host.name, path);
  const known = ctx.hashes.get(key);
  if (known && holding.final && known.stamp === holding.final.stamp) return known.sha256;
  const sha256 = await sha256On(host.access, finalPath(ctx.destination, path), size, signal);
  if (holding.final) ctx.hashes.set(key, { stamp: holding.final.stamp, sha256 });
  return sha256;
}

/**
 * Whether each piece of a unit has arrived on a host: its file is placed (whole, its sha256 the place step's to
 * prove), or its part reaches the piece's end. A placed file of the wrong size counts as absent.
 */
async function pieceStates(ctx: DistributionContext, host: DistributionHost, unit: TransferUnit, signal?: AbortSignal): Promise<PieceState[]> {
  const holdings = await readHoldings(host.access, ctx.destination, unit.pieces.map((p) => p.file), signal);
  return unit.pieces.map((piece, i): PieceState => {
    const holding = holdings[i]!;
    if (holding.final?.size === piece.file.size) return { done: true };
    const have = holding.partBytes ?? 0;
    if (holding.partBytes !== undefined && have >= piece.end) return { done: true };
    const from = Math.max(have, piece.start);
    return { done: false, have, why: `${piece.file.path}: bytes ${from}–${piece.end} (${formatBytes(piece.end - from)})` };
  });
}

type FileState = { state: 'placed' } | { state: 'corrupt'; why: string } | { state: 'arrived' } | { state: 'missing'; why: string };

/** Whether a file is in place on a host with the right sha256 (hashed there, once per process unless it changed). */
async function fileState(ctx: DistributionContext, host: DistributionHost, file: DistributedFile, signal?: AbortSignal): Promise<FileState> {
  const copies = ctx.copies.get(file.sha256) ?? [];
  const others = copies.map((path) => ({ ...file, path }));
  const [holding, ...copyHoldings] = await readHoldings(host.access, ctx.destination, [file, ...others], signal);
  if (holding!.final?.size === file.size) {
    const sha256 = await hashOf(ctx, host, file.path, holding!, file.size, signal);
    if (sha256 !== file.sha256) {
      return { state: 'corrupt', why: `${file.path} is corrupt there (sha256 ${sha256.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}…): fetch it again` };
    }
    const missing = others.filter((_, i) => copyHoldings[i]!.final?.size !== file.size).map((f) => f.path);
    return missing.length === 0 ? { state: 'placed' } : { state: 'missing', why: `${missing.join(', ')}: not there (the same content as ${file.path})` };
  }
  if (holding!.partBytes !== undefined && holding!.partBytes >= file.size) return { state: 'arrived' };
  return { state: 'missing', why: `${file.path} has not arrived` };
}

/** A progress line every few seconds (and at the end) in the step's output. */
function progressReporter(log: (line: string) => void, total: number, from: string): (bytes: number) => void {
  const started = Date.now();
  let lastAt = 0;
  let lastBytes = -1;
  return (bytes) => {
    const now = Date.now();
    if (bytes === lastBytes || (bytes < total && now - lastAt < 3000)) return;
    lastAt = now;
    lastBytes = bytes;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0.5 ? `, ${formatBytes(bytes / seconds)}/s` : '';
    log(`${formatBytes(bytes)} of ${formatBytes(total)} (${total ? Math.floor((bytes / total) * 100) : 100} %) from ${from}${rate}`);
  };
}

function sourceOf(ctx: DistributionContext, sourceIndex: number): DistributionHost | undefined {
  return sourceIndex < 0 ? undefined : ctx.hosts[sourceIndex];
}

/**
 * Sends pieces to the host: from the installer over SFTP, or from its source host over the site network. From the
 * installer, pieces in order come from the upload stream (which keeps the link busy between units); `again` (a file
 * sent anew after it was found corrupt) is uploaded on its own.
 */
async function send(ctx: DistributionContext, host: DistributionHost, source: DistributionHost | undefined, pieces: Piece[], step: StepContext, again = false): Promise<void> {
  const total = pieces.reduce((sum, p) => sum + p.end - p.start, 0);
  const report = progressReporter(step.log, total, source?.name ?? 'the installer');
  if (!source) {
    let before = 0;
    for (const piece of pieces) {
      const progress = (bytes: number) => report(before + bytes);
      if (again) {
        const range = { localPath: join(ctx.bundleDir, piece.file.path), remotePath: partPath(ctx.destination, piece.file), start: piece.start, end: piece.end };
        await uploadRange(host.access.connection, range, { signal: step.signal, onProgress: progress });
      } else {
        ctx.upload ??= new UploadStream(host.access, ctx.bundleDir, ctx.destination, ctx.travelling);
        await ctx.upload.waitFor(piece.file, piece.start, piece.end, step.signal, progress);
      }
      before += piece.end - piece.start;
    }
    report(total);
    return;
  }
  await copyBetweenHosts({
    source: { name: source.name, access: source.access },
    target: { name: host.name, access: host.access, address: host.address, port: host.port, user: host.user },
    destination: ctx.destination,
    pieces,
    pins: await ctx.pinsFor(host),
    signal: step.signal,
    log: step.log,
    onProgress: report,
  });
}

/** Checks a complete part on the host and puts it in place; a mismatch sends the whole file once more. */
async function place(ctx: DistributionContext, host: DistributionHost, source: DistributionHost | undefined, file: DistributedFile, step: StepContext): Promise<void> {
  const paths = [file.path, ...(ctx.copies.get(file.sha256) ?? [])];
  for (let attempt = 1; ; attempt++) {
    const placed = await placeReceived(host.access, ctx.destination, file, paths, step.signal);
    if (placed.placed) {
      ctx.hashes.set(hashKey(host.name, file.path), { stamp: placed.stamp, sha256: file.sha256 });
      return;
    }
    step.log(`${file.path} arrived corrupt (sha256 ${placed.got.slice(0, 12)}…, not ${file.sha256.slice(0, 12)}…): discarded`);
    await removePart(host.access, ctx.destination, file, step.signal);
    if (attempt >= 2) {
      throw new HostError(host.name, 'command', `${file.path} arrived corrupt twice from ${source?.name ?? 'the installer'}: check the disk and network of both`);
    }
    await send(ctx, host, source, [{ file, start: 0, end: file.size, finishes: true }], step, true);
  }
}

export function unitStepId(host: string, unit: TransferUnit): string {
  return stepId(BUNDLE_PHASE, host, `part-${String(unit.index + 1).padStart(2, '0')}`);
}

async function prepared(ctx: DistributionContext, host: DistributionHost, signal: AbortSignal): Promise<void> {
  if (ctx.prepared.has(host.name)) return;
  await prepareDestination(host.access, ctx.destination, signal);
  ctx.prepared.add(host.name);
}

/**
 * One unit's bytes onto a host. Proving and placing the files it completes is the place steps' work, so a host can
 * feed the next one a unit as soon as the bytes are there, while it checks them itself.
 */
export function unitStep(ctx: DistributionContext, hostIndex: number, unit: TransferUnit, sourceIndex: number, needs: string[]): Step {
  const host = ctx.hosts[hostIndex]!;
  const source = sourceOf(ctx, sourceIndex);
  const from = source ? `from ${source.name}` : 'from the installer';
  const stateNow = (step: StepContext) => pieceStates(ctx, host, unit, step.signal);
  // What check just found, for the apply that follows it at once (one read of the host fewer per unit).
  let checked: PieceState[] | undefined;
  return {
    id: unitStepId(host.name, unit),
    title: `Bundle part ${unit.index + 1} of ${ctx.units.length} (${formatBytes(unit.bytes)}) ${from}`,
    host: host.name,
    phase: BUNDLE_PHASE,
    needs,
    async check(step): Promise<CheckResult> {
      const states = await stateNow(step);
      checked = states;
      const todo = states.flatMap((s) => (s.done ? [] : [`${s.why} ${from}`]));
      return todo.length === 0 ? { state: 'in-sync', detail: `holds part ${unit.index + 1} of the bundle` } : { state: 'changes', changes: todo };
    },
    async apply(step) {
      await prepared(ctx, host, step.signal);
      const states = checked ?? (await stateNow(step));
      checked = undefined;
      const pieces = unit.pieces.flatMap((piece, i): Piece[] => {
        const state = states[i]!;
        return state.done ? [] : [{ ...piece, start: Math.max(piece.start, Math.min(state.have, piece.end)) }];
      });
      await send(ctx, host, source, pieces, step);
    },
    async verify(step) {
      return (await stateNow(step)).flatMap((s) => (s.done ? [] : [`${s.why}: not received`]));
    },
  };
}

export function placeStepId(host: string, fileIndex: number): string {
  return stepId(BUNDLE_PHASE, host, `file-${String(fileIndex + 1).padStart(2, '0')}`);
}

/**
 * A received file proven by its sha256 on the host and put in place. A file found corrupt there (now or in a later
 * run) is fetched again whole: from the host that feeds this one, or from the installer.
 */
export function placeStep(ctx: DistributionContext, hostIndex: number, fileIndex: number, sourceIndex: number): Step {
  const host = ctx.hosts[hostIndex]!;
  const source = sourceOf(ctx, sourceIndex);
  const file = ctx.travelling[fileIndex]!;
  const from = source ? `from ${source.name}` : 'from the installer';
  return {
    id: placeStepId(host.name, fileIndex),
    title: `${file.path} (${formatBytes(file.size)}) checked by sha256 and in place`,
    host: host.name,
    phase: BUNDLE_PHASE,
    needs: [],
    async check(step): Promise<CheckResult> {
      const now = await fileState(ctx, host, file, step.signal);
      if (now.state === 'placed') return { state: 'in-sync', detail: 'sha256 matches' };
      if (now.state === 'arrived') return { state: 'changes', changes: [`${file.path}: check its sha256 and put it in place`] };
      return { state: 'changes', changes: [`${now.why} ${from}`] };
    },
    async apply(step) {
      await prepared(ctx, host, step.signal);
      const now = await fileState(ctx, host, file, step.signal);
      if (now.state === 'placed') return;
      if (now.state !== 'arrived') {
        await removePart(host.access, ctx.destination, file, step.signal);
        await send(ctx, host, source, [{ file, start: 0, end: file.size, finishes: true }], step, true);
      }
      await place(ctx, host, source, file, step);
      // With the last file in place nothing is arriving any more: the incoming folder goes if it is empty.
      if (fileIndex === ctx.travelling.length - 1) await removeIncomingIfEmpty(host.access, ctx.destination, step.signal);
    },
    async verify(step) {
      const now = await fileState(ctx, host, file, step.signal);
      return now.state === 'placed' ? [] : [now.state === 'arrived' ? `${file.path} is not in place` : now.why];
    },
  };
}

export function spaceStepId(host: string): string {
  return stepId(BUNDLE_PHASE, host, 'space');
}

/**
 * Room for what the host still lacks, plus the margin — and, for a sudo login, a way in to the destination for the
 * login user: checked on every host before any byte moves.
 */
export function spaceStep(ctx: DistributionContext, hostIndex: number): Step {
  const host = ctx.hosts[hostIndex]!;
  return {
    id: spaceStepId(host.name),
    title: `Room for the bundle in ${ctx.destination}`,
    host: host.name,
    phase: BUNDLE_PHASE,
    needs: [],
    async check(step) {
      // A sudo login writes the arriving parts as itself: it must be able to reach the destination at all.
      const closed = host.access.sudo ? await destinationClosedTo(host.access, ctx.destination, step.signal) : undefined;
      if (closed) throw new Error(closed);
      const holdings = await readHoldings(host.access, ctx.destination, ctx.travelling, step.signal);
      const missing = ctx.travelling.reduce((sum, file, i) => {
        const h = holdings[i]!;
        if (h.final?.size === file.size) return sum;
        return sum + file.size - Math.min(h.final ? 0 : (h.partBytes ?? 0), file.size);
      }, 0);
      const verdict = judgeSpace(host.name, ctx.destination, await readFreeSpace(host.access, ctx.destination, step.signal), missing);
      if (!verdict.ok) throw new Error(verdict.message); // it names the host
      return { state: 'in-sync', detail: verdict.message };
    },
    async apply() {
      throw new Error('the space check changes nothing');
    },
    async verify() {
      return [];
    },
  };
}

export function sweepStepId(host: string): string {
  return stepId(BUNDLE_PHASE, host, 'sweep');
}

/** Temporary keys and records an interrupted run left on the host (recorded there by each transfer), removed. */
export function sweepStep(ctx: DistributionContext, hostIndex: number): Step {
  const host = ctx.hosts[hostIndex]!;
  return {
    id: sweepStepId(host.name),
    title: 'No temporary transfer keys left over',
    host: host.name,
    phase: BUNDLE_PHASE,
    needs: [],
    async check(step) {
      const left = await listTransfers(host.access, step.signal);
      return left.length === 0
        ? { state: 'in-sync' }
        : { state: 'changes', changes: [`remove ${left.length} temporary key(s) and record(s) an interrupted run left for ${host.user}`] };
    },
    async apply(step) {
      const removed = await sweepTransfers(host.access, step.signal);
      step.log(`removed ${removed.length} leftover transfer(s)`);
    },
    async verify(step) {
      const left = await listTransfers(host.access, step.signal);
      return left.length === 0 ? [] : [`${left.length} temporary key(s) still recorded in ~${host.user}/.picket-transfers`];
    },
  };
}
