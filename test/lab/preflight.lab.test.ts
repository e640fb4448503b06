/**
 * Preflight samplers against real lab hosts: clocks read over SSH, and the capture-path proof — frames written
 * into a capture port's peer on this machine show up as packets on that port and nowhere else — and hostile NIC
 * names that stay data. Nothing is changed on the hosts.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturePath } from '../../provisioning/preflight/checks/capture-path.ts';
import { clockSkew } from '../../provisioning/preflight/checks/clock-skew.ts';
import { formatFinding } from '../../provisioning/preflight/format-finding.ts';
import { runPreflight } from '../../provisioning/preflight/run-preflight.ts';
import { sampleCapturePath } from '../../provisioning/preflight/sample-capture-path.ts';
import { probeHost } from '../../provisioning/inventory/probe-host.ts';
import { sampleClock } from '../../provisioning/preflight/sample-clock.ts';
import { HostConnection } from '../../provisioning/ssh/connection.ts';
import { sh } from '../../provisioning/ssh/shell-quote.ts';
import { acceptingOptions, labHosts, rootTarget } from '../support/lab-hosts.ts';
import type { LabHost } from './lab.ts';

let hosts: LabHost[];
const connections: HostConnection[] = [];

async function connectTo(host: LabHost): Promise<HostConnection> {
  const connection = new HostConnection(rootTarget(host), await acceptingOptions());
  await connection.connect();
  connections.push(connection);
  return connection;
}

/**
 * Writes `count` raw Ethernet frames into a link of this machine (the installer side of a capture veth), in 20
 * even batches spread over `spreadSeconds`, starting `delaySeconds` from now.
 */
function inject(link: string, count: number, delaySeconds: number, spreadSeconds: number): Promise<void> {
  const script = [
    'import socket, sys, time',
    'link, count, delay, spread = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])',
    's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)',
    's.bind((link, 0))',
    "frame = b'\\xff' * 6 + b'\\x02\\x00\\x00\\x00\\x00\\x01' + b'\\x88\\xb5' + b'picket-preflight'.ljust(46, b'.')",
    'time.sleep(delay)',
    'start = time.monotonic()',
    'for batch in range(20):',
    '    for _ in range(count // 20): s.send(frame)',
    '    time.sleep(max(0.0, start + (batch + 1) * spread / 20 - time.monotonic()))',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script, link, String(count), String(delaySeconds), String(spreadSeconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`inject into ${link} exited ${code}: ${stderr}`))));
  });
}

beforeAll(async () => {
  hosts = await labHosts();
});

afterAll(() => {
  for (const connection of connections) connection.close();
});

describe('sampleClock', () => {
  it('reads three lab hosts within half a second of this machine, over round trips under a second', async () => {
    const samples = await Promise.all(hosts.slice(0, 3).map(async (host) => sampleClock(await connectTo(host))));
    expect(samples.map((s) => s.host)).toEqual(['lab-1', 'lab-2', 'lab-3']);
    for (const sample of samples) {
      expect(Math.abs(sample.offsetSeconds)).toBeLessThan(0.5);
      expect(sample.rttSeconds).toBeGreaterThan(0);
      expect(sample.rttSeconds).toBeLessThan(1);
    }
    expect(clockSkew({ mode: 'cluster', hosts: [], clock: samples })).toEqual([]);
  });
});

describe('sampleCapturePath', () => {
  it('sees frames replayed into cap0 on cap0 only, and the capture-path check warns for the silent cap1', async () => {
    const lab2 = hosts[1]!;
    const connection = await connectTo(lab2);
    const frames = 3000;
    // The 3 s window opens as soon as the script runs; the frames go in from 0.5 s to 2.5 s, well inside it.
    const [samples] = await Promise.all([sampleCapturePath(connection, ['cap0', 'cap1'], 3), inject(lab2.capturePeers[0]!, frames, 0.5, 2)]);
    const [cap0, cap1] = samples;

    expect(cap0).toMatchObject({ host: 'lab-2', nic: 'cap0', link: 'up', adminUp: true });
    expect(cap0!.seconds).toBeGreaterThanOrEqual(3);
    expect(cap0!.seconds).toBeLessThan(3.5);
    expect(cap0!.packetsPerSecond).toBeGreaterThan(0);
    const received = Math.round(cap0!.packetsPerSecond * cap0!.seconds);
    expect(received).toBeGreaterThanOrEqual(frames);
    expect(received).toBeLessThanOrEqual(frames + 20); // room for a stray frame of the host's own
    expect(cap0!.bytesPerSecond).toBeGreaterThanOrEqual((frames * 60) / cap0!.seconds);

    expect(cap1).toMatchObject({ host: 'lab-2', nic: 'cap1', link: 'up', packetsPerSecond: 0, bytesPerSecond: 0 });

    const findings = capturePath({ mode: 'cluster', hosts: [], capture: samples });
    expect(findings.map((f) => [f.severity, f.host, f.check, f.message.split(':')[0]])).toEqual([
      ['info', 'lab-2', 'capture-path', 'cap0 on lab-2'],
      ['warn', 'lab-2', 'capture-path', 'cap1 on lab-2'],
    ]);
    expect(findings[0]!.message).toMatch(/^cap0 on lab-2: \d+(\.\d)? packets\/s \(.+\) over 3(\.\d)? s$/);
    expect(findings[1]!.message).toMatch(/^cap1 on lab-2: no packets in 3(\.\d)? s — is the TAP or SPAN feeding this port\?$/);
  });

  it('passes hostile NIC names as data: reported unknown, nothing runs on the host', async () => {
    const connection = await connectTo(hosts[1]!);
    const exists = async () => (await connection.exec(sh`test -e /tmp/pwned`)).exitCode === 0;
    expect(await exists()).toBe(false);
    const hostile = ['cap0;touch /tmp/pwned', '$(touch /tmp/pwned)', '`touch /tmp/pwned`', "'; touch /tmp/pwned; '", 'cap0\ntouch /tmp/pwned', '../../../../tmp'];
    const samples = await sampleCapturePath(connection, [...hostile, 'cap0'], 0.5);
    expect(samples.map((s) => [s.nic, s.link])).toEqual([...hostile.map((name) => [name, 'unknown']), ['cap0', 'up']]);
    expect(await exists()).toBe(false);
  });
});

describe('runPreflight', () => {
  it('probes, samples and checks two lab hosts: every finding is one line that says what and how to fix it', async () => {
    const [lab2, lab3] = [await connectTo(hosts[1]!), await connectTo(hosts[2]!)];
    const [sensorInventory, serverInventory] = await Promise.all([probeHost(lab2), probeHost(lab3)]);
    const findings = await runPreflight(
      [
        { host: { name: 'lab-2', roles: ['sensor'], inventory: sensorInventory, capture: [{ nic: 'cap0' }, { nic: 'cap1' }], sriovPlanned: false }, connection: lab2 },
        { host: { name: 'lab-3', roles: ['server'], inventory: serverInventory, capture: [], sriovPlanned: false }, connection: lab3 },
      ],
      { mode: 'cluster', captureSeconds: 1 },
    );
    const checks = findings.map((f) => f.check);
    expect(checks).not.toContain('hostname-unique');
    expect(checks).not.toContain('clock-skew');
    expect(checks).not.toContain('capture-nic');
    expect(findings.filter((f) => f.check === 'capture-path').map((f) => [f.host, f.message.split(':')[0]])).toEqual([
      ['lab-2', 'cap0 on lab-2'],
      ['lab-2', 'cap1 on lab-2'],
    ]);
    expect(findings.some((f) => f.message.includes('could not be'))).toBe(false);
    const ranks = findings.map((f) => ['fail', 'warn', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const f of findings) {
      const line = formatFinding(f);
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toMatch(/^(FAIL|WARN|INFO) {2}lab-[23] {2}[a-z-]+ {2}\S/);
      if (f.severity !== 'info') expect(f.fix).not.toBe('');
    }
  });
});
