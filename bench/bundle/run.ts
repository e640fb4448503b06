/**
 * `npm run bench:bundle [-- --mib M --runs R]`: distributing the offline bundle when the installer's link is slow.
 * The lab's installer link (its switch's bridge device) is throttled to 100 Mbit/s with tc; the hosts' own ports
 * (the rack's switch) are not. Measured:
 *
 * - `picket apply --phase bundle` to 1 host and to 8 hosts: wall time (whole process, and the journaled run alone)
 *   and the bytes that crossed the installer's link (the bridge's tx counter). Targets: 8 hosts take at most 1.3×
 *   the time of 1, and the installer's link carries the bundle once (1.0×; TCP/IP and SSH framing add a few %).
 * - One file uploaded to one host over that link by Picket's SFTP upload and by OpenSSH's `scp`: throughput.
 *   Target: Picket at least 0.9× scp.
 *
 * Needs root and the lab (brought up to 8 hosts of its instance, PICKET_LAB_INSTANCE, and put back afterwards).
 * Exits 0 when every measurement ran, whether or not the targets held; 1 when something failed; 2 on bad usage.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { uploadRange } from '../../provisioning/bundle/distribute-upload.ts';
import { listRuns } from '../../provisioning/engine/journal.ts';
import { HostConnection } from '../../provisioning/ssh/connection.ts';
import { KnownHosts } from '../../provisioning/ssh/known-hosts.ts';
import { down, status, up, type LabHost } from '../../test/lab/lab.ts';
import { LAB_INSTANCE, LAB_KNOWN_HOSTS, SWITCH_LINK } from '../../test/lab/lab-layout.ts';
import { mustRun, runLocal } from '../../test/lab/run-local.ts';
import { addBundleToProject, signedRandomBundle, writeRandomFile, type SignedBundle } from '../../test/support/bundle-fixture.ts';
import { labProject } from '../../test/support/lab-project.ts';
import { rootTarget } from '../../test/support/lab-hosts.ts';

const REPO = resolve(import.meta.dirname, '..', '..');
const PICKET = join(REPO, 'bin', 'picket.mjs');
const RESULTS_FILE = join(REPO, 'bench', 'results', 'bundle.json');
const HOSTS = [1, 8] as const;
const RATE = '100mbit';
const DESTINATION = '/var/lib/picket/bench-bundle';
const UPLOAD_PATH = '/var/tmp/picket-bench-upload';
const TARGET_WALL_RATIO = 1.3;
/** The bundle once, with TCP/IP and SSH framing (a few %), and never a second copy. */
const TARGET_LINK_CROSSINGS = 1.1;
const TARGET_SFTP_VS_SCP = 0.9;
const MiB = 1024 * 1024;

const USAGE = `usage: npm run bench:bundle [-- --mib M] [--runs R] [--upload-mib U]

Distributes a signed bundle of M MiB (default 1024, in 8 files) with picket apply --phase bundle to 1 and to 8
lab hosts while the installer's link is throttled to 100 Mbit/s, R times each (default 1), and uploads one file of
U MiB (default 256) to one host with Picket's SFTP upload and with scp over the same link, R times each.
Prints wall times, bytes over the installer's link, throughputs, ratios, and whether the targets hold.
Needs root and the lab (its instance is PICKET_LAB_INSTANCE; it is brought up to 8 hosts and put back).`;

class BenchError extends Error {}

function log(line: string): void {
  console.log(line);
}

const installerSent = () => Number(readFileSync(`/sys/class/net/${SWITCH_LINK}/statistics/tx_bytes`, 'utf8'));

function onHost(host: LabHost, command: string): Promise<string> {
  return mustRun('ssh', [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-i', host.identityFile, `root@${host.address}`, command,
  ]);
}

function timed(file: string, args: string[]): Promise<{ code: number | null; stdout: string; ms: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    child.once('error', (error) => reject(new BenchError(`${file}: ${error.message}`)));
    child.once('exit', (code) => resolvePromise({ code, stdout: Buffer.concat(out).toString('utf8'), ms: performance.now() - started }));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const numeric = widths.map((_, c) => c > 0 && rows.slice(1).every((r) => /^[\d.×]+$/.test(r[c]!)));
  return rows.map((r) => r.map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

interface Distribution {
  hosts: number;
  wallMs: number;
  runMs: number;
  linkBytes: number;
}

/** The journaled run's own time: from run-started to run-finished (no preflight, no bundle verification). */
function lastRunMs(projectDir: string): number {
  const run = listRuns(join(projectDir, 'runs')).at(-1);
  const started = run?.records.find((r) => r.type === 'run-started')?.at;
  const finished = run?.records.find((r) => r.type === 'run-finished')?.at;
  if (!started || !finished) throw new BenchError(`no finished run in ${projectDir}/runs`);
  return Date.parse(finished) - Date.parse(started);
}

async function distribute(project: string, hosts: LabHost[], bundle: SignedBundle): Promise<Distribution> {
  await Promise.all(hosts.map((h) => onHost(h, `rm -rf ${DESTINATION}`)));
  const before = installerSent();
  const r = await timed(process.execPath, [PICKET, 'apply', '-f', join(project, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
  const linkBytes = installerSent() - before;
  if (r.code !== 0) throw new BenchError(`picket apply to ${hosts.length} host(s) failed (exit ${r.code}):\n${r.stdout.trim().split('\n').slice(-15).join('\n')}`);
  // Proof, not trust: every host holds every file with its sha256.
  const list = bundle.manifest.files.map((f) => `${f.sha256}  ${DESTINATION}/${f.path}`).join('\n');
  await Promise.all(hosts.map((h) => onHost(h, `sha256sum -c --quiet <<'EOF'\n${list}\nEOF`).catch((error: unknown) => {
    throw new BenchError(`${h.name} does not hold the bundle intact: ${(error as Error).message}`);
  })));
  return { hosts: hosts.length, wallMs: r.ms, runMs: lastRunMs(project), linkBytes };
}

async function picketUpload(host: LabHost, file: string, bytes: number): Promise<number> {
  await onHost(host, `rm -f ${UPLOAD_PATH}`);
  const started = performance.now();
  const connection = new HostConnection(rootTarget(host), { hostKeys: { knownHosts: new KnownHosts(LAB_KNOWN_HOSTS), confirmNewHost: async () => true } });
  try {
    await uploadRange(connection, { localPath: file, remotePath: UPLOAD_PATH, start: 0, end: bytes });
  } finally {
    connection.close();
  }
  return performance.now() - started;
}

async function scpUpload(host: LabHost, file: string): Promise<number> {
  await onHost(host, `rm -f ${UPLOAD_PATH}`);
  const r = await timed('scp', ['-q', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-i', host.identityFile, file, `root@${host.address}:${UPLOAD_PATH}`]);
  if (r.code !== 0) throw new BenchError(`scp failed (exit ${r.code}): ${r.stdout.trim()}`);
  return r.ms;
}

async function checkUploaded(host: LabHost, bytes: number): Promise<void> {
  const size = Number((await onHost(host, `stat -c %s ${UPLOAD_PATH}`)).trim());
  if (size !== bytes) throw new BenchError(`${host.name} holds ${size} bytes of the upload, not ${bytes}`);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

async function main(argv: string[]): Promise<number> {
  let values: { mib?: string; runs?: string; 'upload-mib'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { mib: { type: 'string' }, runs: { type: 'string' }, 'upload-mib': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    console.error(`bench:bundle: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const number = (text: string | undefined, fallback: number, what: string) => {
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new BenchError(`--${what} must be a whole number ≥ 1, got ${text}`);
    return n;
  };
  let mib: number;
  let runs: number;
  let uploadMib: number;
  try {
    mib = number(values.mib, 1024, 'mib');
    runs = number(values.runs, 1, 'runs');
    uploadMib = number(values['upload-mib'], 256, 'upload-mib');
  } catch (error) {
    console.error(`bench:bundle: ${(error as Error).message}`);
    return 2;
  }
  if (process.getuid?.() !== 0) {
    console.error('bench:bundle: needs root (it brings up the systemd-nspawn lab and shapes its link with tc); run it as root');
    return 2;
  }
  for (const tool of ['tc', 'scp', 'ssh']) {
    if ((await runLocal('sh', ['-c', 'command -v "$1"', 'sh', tool])).code !== 0) {
      console.error(`bench:bundle: ${tool} is not installed: apt-get install iproute2 openssh-client`);
      return 2;
    }
  }

  const aborted = new AbortController();
  process.once('SIGINT', () => {
    console.error('\nbench:bundle: interrupted: cleaning up');
    aborted.abort();
  });
  const before = await status();
  const previousCount = before.some((h) => h.running) ? before.length : 0;
  const wanted = Math.max(...HOSTS);
  log(`lab instance ${LAB_INSTANCE} before the bench: ${previousCount ? `${previousCount} hosts` : 'not up'}; bringing it up to ${wanted} hosts`);
  const work = await mkdtemp(join(tmpdir(), 'picket-bench-bundle-'));
  let failed = false;
  let lab: LabHost[] = [];
  try {
    lab = (await up(Math.max(wanted, previousCount), (line) => log(`[lab] ${line}`))).hosts;
    const files = 8;
    const size = Math.floor((mib * MiB) / files);
    log(`building a signed bundle of ${files} random files, ${mib} MiB in all`);
    const bundle = await signedRandomBundle(join(work, 'bundle'), Array.from({ length: files }, () => size));
    const projects = new Map<number, string>();
    for (const n of HOSTS) {
      const project = await labProject(n);
      await addBundleToProject(project, { path: bundle.dir, trustedKeys: [bundle.publicKeyFile], destination: DESTINATION });
      projects.set(n, project);
    }
    const uploadFile = join(work, 'upload.bin');
    await writeRandomFile(uploadFile, uploadMib * MiB);

    await mustRun('tc', ['qdisc', 'replace', 'dev', SWITCH_LINK, 'root', 'tbf', 'rate', RATE, 'burst', '256kb', 'latency', '100ms']);
    log(`installer link ${SWITCH_LINK} throttled to ${RATE} (tc tbf); the hosts' own ports are not`);
    const loadBefore = loadavg();
    const distributions: Distribution[] = [];
    const sftp: { picketMs: number[]; scpMs: number[] } = { picketMs: [], scpMs: [] };
    for (let run = 1; run <= runs; run++) {
      for (const n of HOSTS) {
        if (aborted.signal.aborted) throw new BenchError('interrupted');
        const d = await distribute(projects.get(n)!, lab.slice(0, n), bundle);
        distributions.push(d);
        log(`run ${run}/${runs} picket apply --phase bundle, ${n} host(s): ${(d.wallMs / 1000).toFixed(1)} s (run ${(d.runMs / 1000).toFixed(1)} s), ` +
          `${mb(d.linkBytes)} MB over the installer link (${(d.linkBytes / bundle.bytes).toFixed(3)}× the bundle)`);
      }
      for (const tool of ['picket', 'scp'] as const) {
        if (aborted.signal.aborted) throw new BenchError('interrupted');
        const ms = tool === 'picket' ? await picketUpload(lab[0]!, uploadFile, uploadMib * MiB) : await scpUpload(lab[0]!, uploadFile);
        await checkUploaded(lab[0]!, uploadMib * MiB);
        (tool === 'picket' ? sftp.picketMs : sftp.scpMs).push(ms);
        log(`run ${run}/${runs} ${tool} upload of ${uploadMib} MiB to ${lab[0]!.name}: ${(ms / 1000).toFixed(1)} s, ${mb((uploadMib * MiB) / (ms / 1000))} MB/s`);
      }
    }
    const loadAfter = loadavg();

    const of = (n: number) => distributions.filter((d) => d.hosts === n);
    const summary = HOSTS.map((n) => ({
      hosts: n,
      wallMs: median(of(n).map((d) => d.wallMs)),
      runMs: median(of(n).map((d) => d.runMs)),
      linkBytes: median(of(n).map((d) => d.linkBytes)),
    }));
    const [one, eight] = summary;
    const wallRatio = eight!.runMs / one!.runMs;
    const wallRatioWhole = eight!.wallMs / one!.wallMs;
    const crossings = eight!.linkBytes / bundle.bytes;
    const linkVsOneHost = eight!.linkBytes / one!.linkBytes;
    const picketRate = (uploadMib * MiB) / (median(sftp.picketMs) / 1000);
    const scpRate = (uploadMib * MiB) / (median(sftp.scpMs) / 1000);
    const sftpRatio = picketRate / scpRate;

    console.log(`\nbundle benchmark: ${mib} MiB bundle, installer link at ${RATE}, ${runs} run(s) each (medians)\n`);
    console.log(table([
      ['case', 'hosts', 'apply s', 'run s', 'link MB', 'link / bundle'],
      ...summary.map((s) => ['picket apply --phase bundle', String(s.hosts), (s.wallMs / 1000).toFixed(1), (s.runMs / 1000).toFixed(1), mb(s.linkBytes), (s.linkBytes / bundle.bytes).toFixed(3)]),
    ]));
    console.log(`\n${table([
      ['upload to one host', 'MiB', 's', 'MB/s'],
      ['picket SFTP', String(uploadMib), (median(sftp.picketMs) / 1000).toFixed(1), mb(picketRate)],
      ['scp (OpenSSH)', String(uploadMib), (median(sftp.scpMs) / 1000).toFixed(1), mb(scpRate)],
    ])}`);
    const verdicts = [
      { what: 'wall time, 8 hosts / 1 host (journaled run)', value: wallRatio, target: `≤ ${TARGET_WALL_RATIO}`, met: wallRatio <= TARGET_WALL_RATIO },
      { what: 'installer link bytes, 8 hosts / bundle', value: crossings, target: `≤ ${TARGET_LINK_CROSSINGS} (1.0× + framing)`, met: crossings <= TARGET_LINK_CROSSINGS },
      { what: 'SFTP throughput, picket / scp', value: sftpRatio, target: `≥ ${TARGET_SFTP_VS_SCP}`, met: sftpRatio >= TARGET_SFTP_VS_SCP },
    ];
    console.log(`\n${table([['ratio', 'value', 'target', ''], ...verdicts.map((v) => [v.what, v.value.toFixed(3), v.target, v.met ? 'met' : 'MISSED'])])}`);
    console.log(`\nalso: whole apply process 8/1 = ${wallRatioWhole.toFixed(3)}; installer link bytes 8 hosts / 1 host = ${linkVsOneHost.toFixed(3)}`);
    console.log(`machine: ${cpus().length} CPUs (shared by the installer and all lab hosts); load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after`);
    const missed = verdicts.filter((v) => !v.met);
    console.log(missed.length === 0 ? 'all targets met' : `MISSED: ${missed.map((v) => `${v.what} ${v.value.toFixed(3)} (target ${v.target})`).join('; ')}`);
    await mkdir(join(RESULTS_FILE, '..'), { recursive: true });
    await writeFile(RESULTS_FILE, `${JSON.stringify({
      date: new Date().toISOString(),
      bundleBytes: bundle.bytes,
      rate: RATE,
      runs,
      machine: { cpus: cpus().length, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter, node: process.version },
      distributions,
      summary,
      sftp: { bytes: uploadMib * MiB, ...sftp, picketBytesPerSecond: picketRate, scpBytesPerSecond: scpRate },
      verdicts,
    }, null, 2)}\n`);
    console.log(`results written to ${RESULTS_FILE}`);
  } catch (error) {
    failed = true;
    console.error(`\nbench:bundle: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await runLocal('tc', ['qdisc', 'del', 'dev', SWITCH_LINK, 'root']);
    await Promise.all(lab.map((h) => onHost(h, `rm -rf ${DESTINATION} ${UPLOAD_PATH}`).catch(() => undefined)));
    await rm(work, { recursive: true, force: true });
    try {
      if (previousCount === 0) await down((line) => log(`[lab] ${line}`));
      else await up(previousCount, (line) => log(`[lab] ${line}`));
    } catch (error) {
      failed = true;
      console.error(`bench:bundle: could not put the lab back: ${(error as Error).message} (npm run lab -- status)`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
