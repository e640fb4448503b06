/**
 * `npm run bench:inventory [-- --runs R]`: how long `picket inventory` takes on 8 and 16 lab hosts, next to
 * Ansible's fact gathering (`ansible all -m setup`) and the OpenSSH floor (one `ssh … cat /proc/cpuinfo` per host,
 * all at once). Every tool is timed as a whole process from spawn to exit, cold: no SSH connection or control
 * master survives from one measurement to the next. Runs are interleaved (picket, ansible, floor, picket, …) so
 * that noise on the machine spreads over all three.
 *
 * Needs root and the lab (it brings the lab up to 16 hosts and puts it back as it found it afterwards).
 * Exits 0 when every measurement ran, whether or not the targets held; 1 when something failed to run; 2 on a
 * usage error or a missing tool.
 */
import { spawn } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { down, status, up, type LabHost, type LabHostsFile } from '../../test/lab/lab.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const PICKET = join(REPO, 'bin', 'picket.mjs');
const RESULTS_FILE = join(REPO, 'bench', 'results', 'inventory.json');
const SIZES = [8, 16] as const;
const LAB_HOSTS_NEEDED = Math.max(...SIZES);
/** Targets: Picket's median at most this share of Ansible's, and at most this multiple of the floor's. */
const TARGET_VS_ANSIBLE = 0.2;
const TARGET_VS_FLOOR = 1.5;
/** A measurement that takes longer than this is a failure (a hung host), not a data point. */
const RUN_TIMEOUT_MS = 300_000;
/** Ansible's own default ssh_args, plus a throwaway known-hosts file (a re-created lab host has new keys). */
const ANSIBLE_SSH_ARGS = '-C -o ControlMaster=auto -o ControlPersist=60s -o UserKnownHostsFile=/dev/null';

const USAGE = `usage: npm run bench:inventory [-- --runs R]

Times picket inventory, ansible -m setup and a parallel OpenSSH loop on ${SIZES.join(' and ')} lab hosts,
R times each (default 5), and prints medians, ratios and whether the targets hold.
Needs root, the lab (brought up to ${LAB_HOSTS_NEEDED} hosts and restored afterwards) and ansible-core.`;

type Tool = 'picket' | 'ansible' | 'floor';
const TOOLS: Tool[] = ['picket', 'ansible', 'floor'];

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to the process's exit. */
  ms: number;
}

interface Series {
  hosts: number;
  tool: Tool;
  samplesMs: number[];
}

class BenchError extends Error {}

const aborted = new AbortController();
// Every child process listens on it (16 ssh at once for the floor).
setMaxListeners(256, aborted.signal);

function log(line: string): void {
  console.log(line);
}

/** Spawns one program (argument vector, no shell) and times it from spawn to exit. */
function timeProcess(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; abortable?: boolean } = {},
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    let exitedAt: number | undefined;
    const child = spawn(file, args, {
      cwd: options.cwd ?? REPO,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.abortable === false ? {} : { signal: aborted.signal }),
      timeout: RUN_TIMEOUT_MS,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // The clock stops at exit: a background process that inherited a pipe may keep it open after that.
    child.once('exit', () => { exitedAt = performance.now(); });
    child.once('error', (error) => reject(new BenchError(error.name === 'AbortError' ? 'interrupted' : `${file}: ${error.message}`)));
    child.once('close', (code, signal) => {
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        ms: (exitedAt ?? performance.now()) - started,
      });
    });
  });
}

function lastLines(text: string, count = 8): string {
  return text.trim().split('\n').slice(-count).join('\n');
}

function describeExit(r: ProcessResult): string {
  return r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The three contenders. Each returns its wall time in ms, or throws a BenchError saying what went wrong.

async function runPicket(hostsFile: string, hosts: LabHost[]): Promise<number> {
  const r = await timeProcess(process.execPath, [PICKET, 'inventory', '--lab', '--lab-file', hostsFile, '--json']);
  let parsed: { host: string; ok: boolean; error?: string }[] | undefined;
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (!parsed) throw new BenchError(`picket inventory printed no JSON (${describeExit(r)}):\n${lastLines(r.stderr || r.stdout)}`);
  const ok = new Set(parsed.filter((p) => p.ok).map((p) => p.host));
  const missing = hosts.filter((h) => !ok.has(h.name)).map((h) => h.name);
  if (r.code !== 0 || missing.length > 0 || parsed.length !== hosts.length) {
    const errors = parsed.filter((p) => !p.ok).map((p) => `  ${p.host}: ${p.error ?? 'failed'}`);
    throw new BenchError(
      `picket inventory did not inventory every host (${describeExit(r)}; not ok: ${missing.join(', ') || 'none'}; ` +
        `${parsed.length} results for ${hosts.length} hosts)${errors.length ? `:\n${errors.join('\n')}` : ''}`,
    );
  }
  return r.ms;
}

/** Closes the control masters Ansible left behind (ControlPersist), so that none carries over to the next run. */
async function closeControlMasters(controlDir: string): Promise<void> {
  const sockets = await readdir(controlDir).catch(() => [] as string[]);
  await Promise.all(sockets.map((socket) =>
    timeProcess('ssh', ['-o', `ControlPath=${join(controlDir, socket)}`, '-O', 'exit', 'bench-control-master'], { abortable: false })));
  await rm(controlDir, { recursive: true, force: true });
}

async function runAnsible(workDir: string, inventoryFile: string, hosts: LabHost[], run: string): Promise<number> {
  // A control-path directory of its own per run: Ansible multiplexes within the run, as it does by default, but
  // starts with no master from an earlier run.
  const controlDir = join(workDir, `cp-${run}`);
  await mkdir(controlDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANSIBLE_HOST_KEY_CHECKING: 'False',
    ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
    ANSIBLE_SSH_ARGS,
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
  };
  try {
    // cwd is the bench's own folder, so no ansible.cfg from the working directory applies.
    const r = await timeProcess('ansible', ['all', '-i', inventoryFile, '-m', 'setup', '-f', String(hosts.length)], { cwd: workDir, env });
    const succeeded = new Set([...r.stdout.matchAll(/^(\S+) \| SUCCESS\b/gm)].map((m) => m[1]));
    const missing = hosts.filter((h) => !succeeded.has(h.name)).map((h) => h.name);
    if (r.code !== 0 || missing.length > 0) {
      const problems = r.stdout.split('\n').filter((l) => /\| (UNREACHABLE|FAILED)/.test(l)).join('\n');
      throw new BenchError(
        `ansible -m setup did not succeed on every host (${describeExit(r)}; not SUCCESS: ${missing.join(', ') || 'none'}):\n` +
          `${problems || lastLines(r.stderr || r.stdout)}`,
      );
    }
    return r.ms;
  } finally {
    await closeControlMasters(controlDir);
  }
}

async function runFloor(hosts: LabHost[]): Promise<number> {
  const started = performance.now();
  const results = await Promise.all(hosts.map((h) => timeProcess('ssh', [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'ControlMaster=no',
    '-o', 'LogLevel=ERROR', '-p', String(h.port), '-i', h.identityFile, `${h.user}@${h.address}`, 'cat /proc/cpuinfo',
  ])));
  const ms = performance.now() - started;
  const failed = results.flatMap((r, i) =>
    r.code === 0 && r.stdout.includes('processor') ? [] : [`${hosts[i]!.name}: ${describeExit(r)} ${lastLines(r.stderr, 2)}`]);
  if (failed.length > 0) throw new BenchError(`ssh cat /proc/cpuinfo failed:\n${failed.join('\n')}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------------------------
// Statistics and the report.

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Summary {
  hosts: number;
  tool: Tool;
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

interface Verdict {
  hosts: number;
  picketOverAnsible: number;
  picketOverFloor: number;
  vsAnsibleHolds: boolean;
  vsFloorHolds: boolean;
}

function summarize(series: Series): Summary {
  return {
    hosts: series.hosts,
    tool: series.tool,
    samplesMs: series.samplesMs.map((ms) => Math.round(ms)),
    medianMs: Math.round(median(series.samplesMs)),
    minMs: Math.round(Math.min(...series.samplesMs)),
    maxMs: Math.round(Math.max(...series.samplesMs)),
  };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  // Text columns (the header row decides) are left-aligned, number columns right-aligned.
  const numeric = widths.map((_, c) => rows.slice(1).every((r) => /^[\d.]+$/.test(r[c]!)) && c > 0);
  return rows.map((r) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

function report(summaries: Summary[], verdicts: Verdict[], runs: number): string {
  const timeRows = [['hosts', 'tool', 'median s', 'min s', 'max s'],
    ...summaries.map((s) => [String(s.hosts), s.tool, seconds(s.medianMs), seconds(s.minMs), seconds(s.maxMs)])];
  const ratioRows = [['hosts', 'picket/ansible', `≤ ${TARGET_VS_ANSIBLE}?`, 'picket/floor', `≤ ${TARGET_VS_FLOOR}?`],
    ...verdicts.map((v) => [String(v.hosts), v.picketOverAnsible.toFixed(3), v.vsAnsibleHolds ? 'met' : 'MISSED',
      v.picketOverFloor.toFixed(3), v.vsFloorHolds ? 'met' : 'MISSED'])];
  return `inventory benchmark: wall time of the whole process, ${runs} run${runs === 1 ? '' : 's'} of each tool (ratios of medians)\n\n` +
    `${table(timeRows)}\n\n${table(ratioRows)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Setup: tools, the lab, the per-size host and inventory files.

async function onPath(program: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    if (await access(join(dir, program), constants.X_OK).then(() => true, () => false)) return true;
  }
  return false;
}

function ansibleInventory(hosts: LabHost[]): string {
  const lines = hosts.map((h) =>
    `${h.name} ansible_host=${h.address} ansible_port=${h.port} ansible_user=${h.user} ansible_ssh_private_key_file=${h.identityFile}`);
  return `[lab]\n${lines.join('\n')}\n\n[all:vars]\nansible_python_interpreter=/usr/bin/python3\n`;
}

async function versionOf(file: string, args: string[]): Promise<string> {
  const r = await timeProcess(file, args).catch(() => undefined);
  return r ? (r.stdout || r.stderr).trim().split('\n')[0] ?? '' : '';
}

async function benchmark(runs: number, workDir: string, lab: LabHostsFile): Promise<{ summaries: Summary[]; verdicts: Verdict[] }> {
  if (lab.hosts.length < LAB_HOSTS_NEEDED) throw new BenchError(`the lab has ${lab.hosts.length} hosts, the bench needs ${LAB_HOSTS_NEEDED}`);
  const summaries: Summary[] = [];
  const verdicts: Verdict[] = [];
  for (const size of SIZES) {
    const hosts = lab.hosts.slice(0, size);
    // Picket's hosts file and Ansible's inventory are the bench's own copies: a rewrite of .lab/hosts.json by
    // someone else's `lab up` during the bench cannot change what is measured. Picket pins host keys beside it.
    const hostsFile = join(workDir, `hosts-${size}.json`);
    const inventoryFile = join(workDir, `ansible-${size}.ini`);
    await writeFile(hostsFile, `${JSON.stringify({ hosts }, null, 2)}\n`, { mode: 0o600 });
    await writeFile(inventoryFile, ansibleInventory(hosts));
    const contenders: Record<Tool, (run: string) => Promise<number>> = {
      picket: () => runPicket(hostsFile, hosts),
      ansible: (run) => runAnsible(workDir, inventoryFile, hosts, run),
      floor: () => runFloor(hosts),
    };
    // One unmeasured round first: it checks that every tool works on every host, pins the host keys for Picket,
    // and warms the page cache for all three (Node and tsx, Ansible's Python modules, ssh).
    for (const tool of TOOLS) {
      if (aborted.signal.aborted) throw new BenchError('interrupted');
      const ms = await contenders[tool](`${size}-warmup`);
      log(`[${size} hosts] warm-up   ${tool.padEnd(7)} ${seconds(ms)} s (not counted)`);
    }
    const series = new Map<Tool, Series>(TOOLS.map((tool) => [tool, { hosts: size, tool, samplesMs: [] }]));
    for (let run = 1; run <= runs; run++) {
      for (const tool of TOOLS) {
        if (aborted.signal.aborted) throw new BenchError('interrupted');
        const ms = await contenders[tool](`${size}-${run}`);
        series.get(tool)!.samplesMs.push(ms);
        log(`[${size} hosts] run ${String(run).padStart(2)}/${runs} ${tool.padEnd(7)} ${seconds(ms)} s`);
      }
    }
    const [picket, ansible, floor] = TOOLS.map((tool) => summarize(series.get(tool)!));
    summaries.push(picket!, ansible!, floor!);
    const picketOverAnsible = picket!.medianMs / ansible!.medianMs;
    const picketOverFloor = picket!.medianMs / floor!.medianMs;
    verdicts.push({
      hosts: size,
      picketOverAnsible,
      picketOverFloor,
      vsAnsibleHolds: picketOverAnsible <= TARGET_VS_ANSIBLE,
      vsFloorHolds: picketOverFloor <= TARGET_VS_FLOOR,
    });
  }
  return { summaries, verdicts };
}

async function main(argv: string[]): Promise<number> {
  let values: { runs?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { runs: { type: 'string', short: 'r' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`bench:inventory: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`bench:inventory: --runs must be a whole number ≥ 1, got ${values.runs}`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    console.error('bench:inventory: needs root (it brings up the systemd-nspawn lab); run it as root');
    return 2;
  }
  if (!(await onPath('ansible'))) {
    console.error('bench:inventory: ansible is not installed; install it with:\n  apt-get install ansible-core');
    return 2;
  }
  if (!(await onPath('ssh'))) {
    console.error('bench:inventory: ssh is not installed; install it with:\n  apt-get install openssh-client');
    return 2;
  }

  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\nbench:inventory: ${signal}: stopping, then putting the lab back as it was`);
    aborted.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  // The lab is shared (other suites use lab-1…lab-4 while this runs): note what was up, and put exactly that back.
  const before = await status();
  const previousCount = before.some((h) => h.running) ? before.length : 0;
  log(`lab before the bench: ${previousCount ? `${previousCount} hosts` : 'not up'}; bringing it up to ${LAB_HOSTS_NEEDED} hosts`);
  const workDir = await mkdtemp(join(tmpdir(), 'picket-bench-inventory-'));
  let failed = false;
  try {
    const lab = await up(LAB_HOSTS_NEEDED, (line) => log(`[lab] ${line}`));
    if (aborted.signal.aborted) throw new BenchError('interrupted');
    const loadBefore = loadavg();
    log(`load average before measuring: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);
    const { summaries, verdicts } = await benchmark(runs, workDir, lab);
    const loadAfter = loadavg();
    console.log(`\n${report(summaries, verdicts, runs)}\n`);
    console.log(`machine: ${cpus().length} CPUs (shared by the installer and all lab hosts); load average ` +
      `${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after`);
    const missed = verdicts.filter((v) => !v.vsAnsibleHolds || !v.vsFloorHolds);
    console.log(missed.length === 0 ? 'all targets met' : `MISSED: ${missed.map((v) => `${v.hosts} hosts (${[
      v.vsAnsibleHolds ? '' : `picket/ansible ${v.picketOverAnsible.toFixed(3)} > ${TARGET_VS_ANSIBLE}`,
      v.vsFloorHolds ? '' : `picket/floor ${v.picketOverFloor.toFixed(3)} > ${TARGET_VS_FLOOR}`,
    ].filter(Boolean).join(', ')})`).join('; ')}`);
    await mkdir(join(RESULTS_FILE, '..'), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify({
      date: new Date().toISOString(),
      runsPerTool: runs,
      targets: { picketOverAnsibleAtMost: TARGET_VS_ANSIBLE, picketOverFloorAtMost: TARGET_VS_FLOOR },
      machine: {
        cpus: cpus().length,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAfter,
        node: process.version,
        ansible: await versionOf('ansible', ['--version']),
        ssh: await versionOf('ssh', ['-V']),
      },
      commands: {
        picket: 'node bin/picket.mjs inventory --lab --lab-file HOSTS.json --json',
        ansible: `ansible all -i INVENTORY -m setup -f N  (ANSIBLE_SSH_ARGS='${ANSIBLE_SSH_ARGS}', fresh ANSIBLE_SSH_CONTROL_PATH_DIR per run)`,
        floor: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ControlMaster=no -i KEY root@ADDR cat /proc/cpuinfo, one per host, all at once',
      },
      results: summaries,
      verdicts,
    }, null, 2)}\n`);
    console.log(`results written to ${RESULTS_FILE}`);
  } catch (error) {
    failed = true;
    console.error(`\nbench:inventory: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    // Another process may be changing the lab at the same moment (a suite's own up or down): one retry.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        if (previousCount === 0) {
          log('putting the lab back: it was not up before, taking it down');
          await down((line) => log(`[lab] ${line}`));
        } else {
          log(`putting the lab back to its ${previousCount} hosts`);
          await up(previousCount, (line) => log(`[lab] ${line}`));
        }
        break;
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        if (attempt === 1) {
          console.error(`bench:inventory: putting the lab back failed (${why}); trying once more`);
          await new Promise((r) => setTimeout(r, 5_000));
        } else {
          failed = true;
          console.error(`bench:inventory: could not put the lab back (see npm run lab -- status): ${why}`);
        }
      }
    }
    await rm(workDir, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
