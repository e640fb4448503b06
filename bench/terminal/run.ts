/**
 * bench/terminal: 100 MB of step output through the engine, its WebSocket and the real Terminal component into a
 * real xterm in Debian's Chromium, acked as the component acks; against the floor, the same bytes through `cat`
 * in a PTY into a Node read loop, and against xterm alone in the same Chromium (the ceiling of any pipeline into
 * it). Measures throughput, bytes lost (counted and checksummed), and the engine process's peak resident memory.
 *
 *   node bin/run-ts.mjs bench/terminal/run.ts [--mb 100] [--runs 3] [--no-local-shell]
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LOCAL_SHELL_HOST } from '../../provisioning/contract/terminal-requests.ts';
import { stepLogFile } from '../../provisioning/engine/step-log-file.ts';
import { connectFace } from '../../test/support/terminal-face.ts';
import type { Measurement } from './page/measuring-client.ts';
import { BENCH_HOST, FLOOD_STEP } from './bench-session.ts';
import { buildBenchPage } from './build-page.ts';
import { fnv1a, FNV_OFFSET } from './checksum.ts';
import { startEngineChild, type EngineChild } from './engine-child.ts';
import { floodLine, floodPieces, LINE_BYTES } from './flood-text.ts';
import { processUsage } from './process-usage.ts';
import { ptyFloor } from './pty-floor.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TARGET_MB_PER_S = 50;
const TARGET_RSS_BYTES = 200 * 1024 * 1024;
const MB = 1_000_000;
const MiB = 1024 * 1024;

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' }, 'no-local-shell': { type: 'boolean', default: false } } });
const totalBytes = Math.floor((Number(values.mb) * MB) / LINE_BYTES) * LINE_BYTES;
const runs = Math.max(1, Number(values.runs));

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  process.exit(2);
}

interface PathResult {
  seconds: number;
  bytes: number;
  lost: number;
  checksumOk: boolean;
  peakRss: number;
  chunks: number;
  maxChunkChars: number;
  acks: number;
  gaps: number;
  /** Share of the time xterm had nothing to parse. */
  starved: number;
  /** CPU time the engine process used during the measurement. */
  engineCpuSeconds: number;
  /** The engine's resident memory when the measurement began (Node, tsx, the server; idle). */
  rssBefore: number;
  note: string;
}

const work = mkdtempSync(join(tmpdir(), 'picket-bench-terminal-'));
const pageDir = join(work, 'page');
const floodFile = join(work, 'flood.txt');

/** Writes the flood file; returns its checksum, and the checksum of what a terminal shows of it (\n as \r\n). */
async function writeFlood(): Promise<{ checksum: number; terminalChecksum: number }> {
  const out = createWriteStream(floodFile);
  let checksum = FNV_OFFSET;
  let terminalChecksum = FNV_OFFSET;
  for (const piece of floodPieces(totalBytes, 1024 * 1024)) {
    checksum = fnv1a(checksum, piece);
    terminalChecksum = fnv1a(terminalChecksum, piece.replaceAll('\n', '\r\n'));
    if (!out.write(piece)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { checksum, terminalChecksum };
}

async function fileChecksum(file: string): Promise<{ bytes: number; checksum: number }> {
  let checksum = FNV_OFFSET;
  let bytes = 0;
  for await (const chunk of createReadStream(file, { encoding: 'latin1', highWaterMark: 1024 * 1024 })) {
    bytes += (chunk as string).length;
    checksum = fnv1a(checksum, chunk as string);
  }
  return { bytes, checksum };
}

/** Rejects after `ms` unless `promise` settles first; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the page on `query`, waits until its terminal is open, runs `start`, and resolves with the page's report
 * and what xterm shows once it has drawn.
 */
async function measureInPage(browser: Browser, engine: EngineChild, query: string, start: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  let done!: (report: Measurement) => void;
  const finished = new Promise<Measurement>((resolve) => (done = resolve));
  await page.exposeFunction('benchOpened', () => opened());
  await page.exposeFunction('benchDone', (report: Measurement) => done(report));
  await page.goto(`${engine.url}&${query}`);
  await within(isOpen, 20_000, () => `the page did not open its terminal: ${problems.join('; ')}`);
  const t0 = process.hrtime.bigint();
  await start(page);
  const report = await within(finished, 600_000, () => `the page did not finish in 10 minutes: ${problems.join('; ')}`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // xterm draws on the next animation frame; the clock has stopped, so wait for it.
  await page.waitForTimeout(200);
  const screen = await page.evaluate(() => document.querySelector('.xterm-rows')?.textContent ?? '');
  await context.close();
  return { report, seconds, problems, screen };
}

/**
 * The engine alone: the same step terminal over the same WebSocket, read by a Node client (the renderer's own
 * transport) that acks each chunk as it arrives. No browser: what the engine's side of the pipeline can deliver.
 */
async function engineOnlyRun(): Promise<PathResult> {
  const engine = await startEngineChild(pageDir, totalBytes);
  const usage = usageWatch(engine.pid);
  const face = connectFace(engine.url);
  face.ready();
  try {
    const started = await face.request('apply.start', {});
    if (!started.ok || started.result.status !== 'started') throw new Error(`apply.start: ${JSON.stringify(started)}`);
    let chars = 0;
    let checksum = FNV_OFFSET;
    let terminal: string | undefined;
    let exited!: () => void;
    const ended = new Promise<void>((resolve) => (exited = resolve));
    face.on('terminal.data', (event) => {
      if (event.terminal !== terminal) return;
      chars += event.data.length;
      checksum = fnv1a(checksum, event.data);
      void face.request('terminal.ack', { terminal, seq: event.seq });
    });
    face.on('terminal.exit', (event) => event.terminal === terminal && exited());
    const opened = await face.request('terminal.open', { run: started.result.run, step: FLOOD_STEP });
    if (!opened.ok) throw new Error(`terminal.open: ${opened.error.message}`);
    terminal = opened.result.terminal;
    const t0 = process.hrtime.bigint();
    engine.go();
    await within(ended, 600_000, () => 'the engine did not finish in 10 minutes');
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const { peakRss, cpuSeconds, rssBefore } = usage.end();
    const log = await fileChecksum(stepLogFile(join(dirname(started.result.journal), 'logs'), { id: FLOOD_STEP, host: BENCH_HOST }));
    return { seconds, bytes: chars, lost: log.bytes - chars, checksumOk: checksum === log.checksum, peakRss, chunks: 0, maxChunkChars: 0, acks: 0, gaps: 0, starved: 0, engineCpuSeconds: cpuSeconds, rssBefore, note: '' };
  } finally {
    face.close();
    await engine.stop();
  }
}

/** The step terminal into a page that acks each chunk on arrival and writes it nowhere (page/socket-only.ts). */
async function socketOnlyRun(browser: Browser): Promise<PathResult> {
  const engine = await startEngineChild(pageDir, totalBytes);
  const face = connectFace(engine.url);
  face.ready();
  try {
    const started = await face.request('apply.start', {});
    if (!started.ok || started.result.status !== 'started') throw new Error(`apply.start: ${JSON.stringify(started)}`);
    const context = await browser.newContext();
    const page = await context.newPage();
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    let done!: (result: { chars: number; checksum: number }) => void;
    const finished = new Promise<{ chars: number; checksum: number }>((resolve) => (done = resolve));
    await page.exposeFunction('benchOpened', () => opened());
    await page.exposeFunction('benchSocketDone', (result: { chars: number; checksum: number }) => done(result));
    const url = new URL(engine.url);
    await page.goto(`${url.origin}/socket-only.html${url.search}&run=${encodeURIComponent(started.result.run)}&step=${encodeURIComponent(FLOOD_STEP)}`);
    await within(isOpen, 20_000, () => 'the socket page did not open its terminal');
    const t0 = process.hrtime.bigint();
    engine.go();
    const result = await within(finished, 600_000, () => 'the socket page did not finish in 10 minutes');
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    await context.close();
    const log = await fileChecksum(stepLogFile(join(dirname(started.result.journal), 'logs'), { id: FLOOD_STEP, host: BENCH_HOST }));
    return { seconds, bytes: result.chars, lost: log.bytes - result.chars, checksumOk: result.checksum === log.checksum, peakRss: NaN, chunks: 0, maxChunkChars: 0, acks: 0, gaps: 0, starved: 0, engineCpuSeconds: NaN, rssBefore: NaN, note: '' };
  } finally {
    face.close();
    await engine.stop();
  }
}

/** xterm alone in the same Chromium (page/ceiling.ts): the most any pipeline into it can reach here. */
async function ceilingRun(browser: Browser): Promise<PathResult> {
  const engine = await startEngineChild(pageDir, totalBytes);
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let done!: (result: { chars: number; seconds: number }) => void;
    const finished = new Promise<{ chars: number; seconds: number }>((resolve) => (done = resolve));
    await page.exposeFunction('benchCeiling', (result: { chars: number; seconds: number }) => done(result));
    const url = new URL(engine.url);
    await page.goto(`${url.origin}/ceiling.html${url.search}&bytes=${totalBytes}`);
    const result = await within(finished, 600_000, () => 'xterm alone did not finish in 10 minutes');
    await context.close();
    return { seconds: result.seconds, bytes: result.chars, lost: totalBytes - result.chars, checksumOk: true, peakRss: NaN, chunks: 0, maxChunkChars: 0, acks: 0, gaps: 0, starved: 0, engineCpuSeconds: NaN, rssBefore: NaN, note: '' };
  } finally {
    await engine.stop();
  }
}

/** Watches the engine process while it works: its peak resident memory (VmHWM) and the CPU time it used, read before it stops. */
function usageWatch(pid: number) {
  const before = processUsage(pid);
  let last = before;
  const timer = setInterval(() => {
    try {
      last = processUsage(pid);
    } catch {
      // exited
    }
  }, 50);
  return {
    end: () => {
      clearInterval(timer);
      try {
        last = processUsage(pid);
      } catch {
        // exited
      }
      return { peakRss: last.peakRss, cpuSeconds: last.cpuSeconds - before.cpuSeconds, rssBefore: before.rss };
    },
  };
}

async function stepTerminalRun(browser: Browser): Promise<PathResult> {
  const engine = await startEngineChild(pageDir, totalBytes);
  const usage = usageWatch(engine.pid);
  const face = connectFace(engine.url);
  face.ready();
  try {
    const started = await face.request('apply.start', {});
    if (!started.ok || started.result.status !== 'started') throw new Error(`apply.start: ${JSON.stringify(started)}`);
    const { run, journal } = started.result;
    const finished = new Promise<void>((resolve) => face.on('run.finished', (e) => e.run === run && resolve()));
    const { report, seconds, problems, screen } = await measureInPage(browser, engine, `run=${encodeURIComponent(run)}&step=${encodeURIComponent(FLOOD_STEP)}`, async () => engine.go());
    await finished;
    const { peakRss, cpuSeconds, rssBefore } = usage.end();
    const log = await fileChecksum(stepLogFile(join(dirname(journal), 'logs'), { id: FLOOD_STEP, host: BENCH_HOST }));
    const lastLine = floodLine(totalBytes / LINE_BYTES - 1).trimEnd();
    const notes = [...problems];
    if (log.bytes < totalBytes) notes.push(`the step log holds ${log.bytes} bytes, less than the ${totalBytes} printed`);
    if (!screen.includes(lastLine.slice(0, 40))) notes.push('the last line is not on the screen');
    return {
      seconds,
      bytes: report.chars,
      lost: log.bytes - report.chars,
      checksumOk: report.checksum === log.checksum,
      peakRss,
      chunks: report.chunks,
      maxChunkChars: report.maxChunkChars,
      acks: report.acks,
      gaps: report.gaps,
      starved: (report.starvedMs / 1000) / seconds,
      engineCpuSeconds: cpuSeconds,
      rssBefore,
      note: notes.join('; '),
    };
  } finally {
    face.close();
    await engine.stop();
  }
}

async function localShellRun(browser: Browser, expectedChecksum: number): Promise<PathResult> {
  const engine = await startEngineChild(pageDir, totalBytes);
  const usage = usageWatch(engine.pid);
  try {
    const { report, seconds, problems } = await measureInPage(browser, engine, `host=${encodeURIComponent(LOCAL_SHELL_HOST)}`, async (page) => {
      await page.click('.terminal-screen');
      // Typed into xterm like a user; the flood is framed by STX and ETX, and not echoed (the PTY turns \n into \r\n).
      await page.keyboard.type(`stty -echo; printf '\\002'; cat ${floodFile}; printf '\\003'; stty echo`);
      await page.keyboard.press('Enter');
    });
    const { peakRss, cpuSeconds, rssBefore } = usage.end();
    return {
      seconds,
      bytes: report.chars,
      lost: totalBytes + totalBytes / LINE_BYTES - report.chars,
      checksumOk: report.checksum === expectedChecksum,
      peakRss,
      chunks: report.chunks,
      maxChunkChars: report.maxChunkChars,
      acks: report.acks,
      gaps: report.gaps,
      starved: (report.starvedMs / 1000) / seconds,
      engineCpuSeconds: cpuSeconds,
      rssBefore,
      note: problems.join('; '),
    };
  } finally {
    await engine.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (bytes: number, seconds: number) => bytes / MB / seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main(): Promise<void> {
  console.log(`terminal bench: ${fmt(totalBytes / MB, 0)} MB of output (${totalBytes / LINE_BYTES} lines of ${LINE_BYTES} bytes), ${runs} run(s) per path`);
  console.log(`machine: ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
  await buildBenchPage(pageDir);
  const { checksum: expectedChecksum, terminalChecksum } = await writeFlood();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  console.log(`chromium ${browser.version()}, page built with vite from bench/terminal/page (the real Terminal component)`);
  const results: Record<string, PathResult[]> = { step: [], local: [], engine: [], socket: [], ceiling: [], floor: [] };
  try {
    for (let i = 1; i <= runs; i++) {
      const ceiling = await ceilingRun(browser);
      results.ceiling!.push(ceiling);
      console.log(`  run ${i} xterm alone (ceiling): ${fmt(rate(ceiling.bytes, ceiling.seconds))} MB/s, ${fmt(ceiling.seconds, 2)} s`);
      const step = await stepTerminalRun(browser);
      results.step!.push(step);
      console.log(`  run ${i} step terminal → page: ${fmt(rate(step.bytes, step.seconds))} MB/s, ${fmt(step.seconds, 2)} s, lost ${step.lost}, checksum ${step.checksumOk ? 'ok' : 'WRONG'}, engine RSS ${fmt(step.rssBefore / MiB, 0)} MiB idle → peak ${fmt(step.peakRss / MiB, 0)} MiB, ${step.chunks} chunks (max ${step.maxChunkChars} chars), ${step.acks} acks, xterm starved ${fmt(step.starved * 100, 0)}% of the time, engine CPU ${fmt(step.engineCpuSeconds, 2)} s${step.note ? `; ${step.note}` : ''}`);
      if (!values['no-local-shell']) {
        const local = await localShellRun(browser, terminalChecksum);
        results.local!.push(local);
        console.log(`  run ${i} local shell cat → page: ${fmt(rate(local.bytes, local.seconds))} MB/s, ${fmt(local.seconds, 2)} s, lost ${local.lost}, checksum ${local.checksumOk ? 'ok' : 'WRONG'}, engine RSS ${fmt(local.rssBefore / MiB, 0)} MiB idle → peak ${fmt(local.peakRss / MiB, 0)} MiB, ${local.chunks} chunks (max ${local.maxChunkChars} chars), ${local.acks} acks, xterm starved ${fmt(local.starved * 100, 0)}% of the time, engine CPU ${fmt(local.engineCpuSeconds, 2)} s${local.note ? `; ${local.note}` : ''}`);
      }
      const engineOnly = await engineOnlyRun();
      results.engine!.push(engineOnly);
      console.log(`  run ${i} engine alone (Node client, no browser): ${fmt(rate(engineOnly.bytes, engineOnly.seconds))} MB/s, ${fmt(engineOnly.seconds, 2)} s, lost ${engineOnly.lost}, checksum ${engineOnly.checksumOk ? 'ok' : 'WRONG'}, engine RSS ${fmt(engineOnly.rssBefore / MiB, 0)} MiB idle → peak ${fmt(engineOnly.peakRss / MiB, 0)} MiB, engine CPU ${fmt(engineOnly.engineCpuSeconds, 2)} s`);
      const socket = await socketOnlyRun(browser);
      results.socket!.push(socket);
      console.log(`  run ${i} WebSocket alone (page acks on arrival, no xterm): ${fmt(rate(socket.bytes, socket.seconds))} MB/s, ${fmt(socket.seconds, 2)} s, lost ${socket.lost}, checksum ${socket.checksumOk ? 'ok' : 'WRONG'}`);
      const floor = await ptyFloor(floodFile, totalBytes);
      const floorResult: PathResult = { seconds: floor.seconds, bytes: floor.bytes, lost: totalBytes - floor.bytes, checksumOk: floor.checksum === expectedChecksum, peakRss: NaN, chunks: 0, maxChunkChars: 0, acks: 0, gaps: 0, starved: 0, engineCpuSeconds: NaN, rssBefore: NaN, note: '' };
      results.floor!.push(floorResult);
      console.log(`  run ${i} floor (PTY cat → Node read loop): ${fmt(rate(floor.bytes, floor.seconds))} MB/s, ${fmt(floor.seconds, 2)} s, lost ${floorResult.lost}, checksum ${floorResult.checksumOk ? 'ok' : 'WRONG'}`);
    }
  } finally {
    await browser.close();
  }

  const summary = (list: PathResult[]) =>
    list.length === 0
      ? undefined
      : {
          mbPerS: median(list.map((r) => rate(r.bytes, r.seconds))),
          minMbPerS: Math.min(...list.map((r) => rate(r.bytes, r.seconds))),
          maxMbPerS: Math.max(...list.map((r) => rate(r.bytes, r.seconds))),
          lost: Math.max(...list.map((r) => Math.abs(r.lost))),
          checksumOk: list.every((r) => r.checksumOk),
          peakRss: Math.max(...list.map((r) => r.peakRss)),
        };
  const step = summary(results.step!)!;
  const local = summary(results.local!);
  const floor = summary(results.floor!)!;
  const ceiling = summary(results.ceiling!)!;
  const engineOnly = summary(results.engine!)!;
  const socket = summary(results.socket!)!;
  const row = (name: string, s: NonNullable<ReturnType<typeof summary>>) =>
    `${name.padEnd(44)} ${fmt(s.mbPerS).padStart(7)} ${`${fmt(s.minMbPerS)}–${fmt(s.maxMbPerS)}`.padStart(13)} ${String(s.lost).padStart(10)} ${(s.checksumOk ? 'ok' : 'WRONG').padStart(8)} ${(Number.isNaN(s.peakRss) ? '—' : `${fmt(s.peakRss / MiB, 0)} MiB`).padStart(10)}`;
  console.log('');
  console.log(`${'path (median of runs)'.padEnd(44)} ${'MB/s'.padStart(7)} ${'min–max'.padStart(13)} ${'lost B'.padStart(10)} ${'checksum'.padStart(8)} ${'peak RSS'.padStart(10)}`);
  console.log(row('step terminal: engine → WebSocket → xterm', step));
  if (local) console.log(row('local shell: PTY cat → WebSocket → xterm', local));
  console.log(row('engine alone: → WebSocket → Node client', engineOnly));
  console.log(row('WebSocket alone: → Chromium page, no xterm', socket));
  console.log(row('ceiling: xterm alone, same Chromium', ceiling));
  console.log(row('floor: PTY cat → Node read loop', floor));
  console.log('');
  console.log(`ratio step terminal / floor: ${fmt(step.mbPerS / floor.mbPerS, 3)}×; step terminal / xterm alone: ${fmt(step.mbPerS / ceiling.mbPerS, 2)}×`);
  if (local) console.log(`ratio local shell / floor: ${fmt(local.mbPerS / floor.mbPerS, 3)}×; local shell / xterm alone: ${fmt(local.mbPerS / ceiling.mbPerS, 2)}×`);

  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const enginePeak = Math.max(step.peakRss, local?.peakRss ?? 0, engineOnly.peakRss);
  const targets = [
    [`step terminal ≥ ${TARGET_MB_PER_S} MB/s`, step.mbPerS >= TARGET_MB_PER_S, `${fmt(step.mbPerS)} MB/s`],
    ['step terminal loses 0 bytes (count and checksum)', step.lost === 0 && step.checksumOk, `${step.lost} lost, checksum ${step.checksumOk ? 'ok' : 'WRONG'}`],
    [`engine peak RSS < ${TARGET_RSS_BYTES / MiB} MiB (every engine measured)`, enginePeak < TARGET_RSS_BYTES, `${fmt(enginePeak / MiB, 0)} MiB`],
  ] as const;
  console.log('');
  for (const [name, ok, value] of targets) console.log(`target ${name}: ${verdict(ok)} (${value})`);
  if (local && (local.lost !== 0 || !local.checksumOk)) console.log(`local shell lost bytes: MISSED (${local.lost} lost, checksum ${local.checksumOk ? 'ok' : 'WRONG'})`);

  const resultsDir = join(import.meta.dirname, '..', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'terminal.json'),
    `${JSON.stringify({ at: new Date().toISOString(), totalBytes, runs, cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg: loadavg(), node: process.version, results, summary: { step, local, engineOnly, socket, ceiling, floor } }, null, 2)}\n`,
  );
  console.log(`\nresults: bench/results/terminal.json`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
