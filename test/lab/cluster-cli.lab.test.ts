/**
 * The install engine as a user drives it, on real lab hosts: check, plan, apply, plan again, restart and verify,
 * reset to the originals; apply killed with -9 at several points and rerun; and bad specs that change nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal, listRuns } from '../../provisioning/engine/journal.ts';
import { hostLayout } from './lab-layout.ts';
import { restartHost, type LabHost } from './lab.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { hostSnapshot } from '../support/host-snapshot.ts';
import { runPicket } from '../support/run-picket.ts';
import { labProject } from '../support/lab-project.ts';

let hosts: LabHost[];
let project: string;
let specFile: string;
let original: string[];
let applied: string[];

const snapshots = () => hosts.map(hostSnapshot);

/** Compares every host's snapshot with an earlier one, host by host, so a failure shows the lines that differ. */
function expectSnapshots(expected: string[]): void {
  const now = snapshots();
  hosts.forEach((h, i) => expect(now[i], h.name).toBe(expected[i]));
}

beforeAll(async () => {
  hosts = (await labHosts()).slice(0, 3);
  project = await labProject();
  specFile = join(project, 'cluster.yaml');
});

// Whatever failed above, the shared lab hosts go back to their originals for the suites after this one.
afterAll(async () => {
  await runPicket(['reset', '-f', specFile, '--phase', 'tuning', '--yes']);
});

describe('check, plan, apply, verify, reset', () => {
  it('check passes on a fresh lab (the lab spec waives role-resources by id, with a reason)', async () => {
    const run = await runPicket(['check', '-f', specFile, '--capture-seconds', '1']);
    expect(run.stdout).toContain('[WAIVED: lab hosts share this machine');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('preflight passed');
    expect(run.code).toBe(0);
  });

  it('plan lists changes per host and exits 2, with a core map for each sensor', async () => {
    original = snapshots();
    const run = await runPicket(['plan', '-f', specFile]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^lab-2: 1 NUMA node, 2 cores, 2 logical CPUs; shared layout/m);
    expect(run.stdout).toMatch(/^ {2}node 0 {2}H X {2}<- cap0, cap1$/m);
    expect(run.stdout).toMatch(/^lab-2: \d+ step\(s\) to apply$/m);
    expect(run.stdout).toContain('      cap0 promiscuous: off -> on');
    expectSnapshots(original); // plan changes nothing
  });

  it('apply succeeds, journals every transition, and a second plan exits 0', async () => {
    const run = await runPicket(['apply', '-f', specFile, '--yes', '--capture-seconds', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[lab-2 \d+\/\d+\] ✓ cap0-link: cap0: promiscuous, no address$/m);
    expect(run.stdout).toMatch(/^apply succeeded/m);
    const [first] = listRuns(join(project, 'runs'));
    const records = readJournal(join(first!.dir, 'journal.jsonl'));
    expect(records[0]).toMatchObject({ type: 'run-started', command: 'apply' });
    expect(records.filter((r) => r.type === 'check-waived').map((r) => r.type === 'check-waived' && r.check)).toContain('role-resources');
    expect(records.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'succeeded' });
    applied = snapshots();
    expect(applied[1]).toMatch(/== cap0[\s\S]*generic-receive-offload: off/);
    expect(applied[1]).toMatch(/== mgmt0[\s\S]*1500 False/); // the management NIC is untouched
    expect((await runPicket(['plan', '-f', specFile])).code).toBe(0);
  });

  it('a restarted host passes verify: the boot unit re-tuned its new NICs', async () => {
    await restartHost(hostLayout(2), () => undefined);
    const run = await runPicket(['verify', '-f', specFile]);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^verified: \d+ setting\(s\) as planned on 3 host\(s\)$/);
    expect(run.code).toBe(0);
  });

  it('reset --phase tuning restores every original, and plan exits 2 again', async () => {
    const run = await runPicket(['reset', '-f', specFile, '--phase', 'tuning', '--yes']);
    expect(run.code).toBe(0);
    expectSnapshots(original);
    expect((await runPicket(['plan', '-f', specFile])).code).toBe(2);
  });
});

describe('kill -9 during apply, then a rerun', () => {
  /** Starts apply, kills it with SIGKILL once its journal holds `records` step records, and waits for it to die. */
  async function killApplyAfter(records: number): Promise<number> {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');
    const child = spawn(process.execPath, [bin, 'apply', '-f', specFile, '--yes', '--capture-seconds', '1'], { stdio: 'ignore' });
    const seen = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        const runs = listRuns(join(project, 'runs'));
        const last = runs.at(-1);
        const count = last && !last.finished ? last.records.filter((r) => r.type.startsWith('step-')).length : 0;
        if (count >= records) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(count);
        }
      }, 5);
      child.on('close', () => {
        clearInterval(timer);
        resolve(-1);
      });
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.on('close', r)));
    return seen;
  }

  for (const point of [1, 9, 25]) {
    it(`killed after ${point} journaled step transition(s), a rerun completes with the same final state`, async () => {
      const seen = await killApplyAfter(point);
      expect(seen).toBeGreaterThanOrEqual(point);
      const last = listRuns(join(project, 'runs')).at(-1)!;
      expect(last.finished).toBe(false);
      const rerun = await runPicket(['apply', '-f', specFile, '--yes', '--capture-seconds', '1']);
      expect(rerun.stdout).toContain(`resuming interrupted run ${last.run}`);
      expect(rerun.code).toBe(0);
      expectSnapshots(applied);
      // Back to the start for the next kill point: the originals recorded before the kill must be the real ones.
      expect((await runPicket(['reset', '-f', specFile, '--phase', 'tuning', '--yes'])).code).toBe(0);
      expectSnapshots(original);
    });
  }
});

describe('cancel, skip with a reason, revert one step', () => {
  it('Ctrl-C cancels cleanly: the run is journaled as cancelled, and a rerun finishes the job', async () => {
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');
    const child = spawn(process.execPath, [bin, 'apply', '-f', specFile, '--yes', '--capture-seconds', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (errors += c.toString()));
    // Interrupt as soon as the first step starts changing a host.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/\] ▸ /.test(output)) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 5);
    });
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, `stdout:\n${output}\nstderr:\n${errors}`).toBe(130);
    expect(output).toMatch(/apply cancelled; rerun picket apply to resume/);
    const last = listRuns(join(project, 'runs')).at(-1)!;
    expect(last.records.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });
    expect((await runPicket(['apply', '-f', specFile, '--yes', '--capture-seconds', '1'])).code).toBe(0);
    expectSnapshots(applied);
  });

  it('reset --step reverts just that step; apply --skip with a reason is journaled and leaves it alone', async () => {
    const step = 'tuning/lab-2/cap0-link';
    const reset = await runPicket(['reset', '-f', specFile, '--phase', 'tuning', '--step', step, '--yes']);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('reset tuning: 1 step(s) back to their originals');
    const [, lab2] = snapshots();
    expect(lab2).toMatch(/== cap0[\s\S]*?\n1500 False /); // promiscuous off again on cap0 only
    expect(lab2).toMatch(/== cap1[\s\S]*?\n1500 True /);
    const skipped = await runPicket(['apply', '-f', specFile, '--yes', '--capture-seconds', '1', '--skip', step, '--reason', 'TAP on cap0 arrives tomorrow']);
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/\] » cap0-link: cap0: promiscuous, no address — TAP on cap0 arrives tomorrow$/m);
    const last = listRuns(join(project, 'runs')).at(-1)!;
    expect(last.records.find((r) => r.type === 'step-skipped')).toMatchObject({ step, reason: 'TAP on cap0 arrives tomorrow' });
    expect(snapshots()[1]).toMatch(/== cap0[\s\S]*?\n1500 False /);
    const bad = await runPicket(['apply', '-f', specFile, '--yes', '--skip', step]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('every --skip needs its own --reason');
    expect((await runPicket(['apply', '-f', specFile, '--yes', '--capture-seconds', '1'])).code).toBe(0);
    expectSnapshots(applied);
    expect((await runPicket(['reset', '-f', specFile, '--phase', 'tuning', '--yes'])).code).toBe(0);
    expectSnapshots(original);
  });
});

describe('bad specs change nothing', () => {
  const good = () => readFileSync(specFile, 'utf8');
  const cases: [string, (spec: string, lab2MgmtMac: string) => string, RegExp][] = [
    ['YAML syntax', (s) => s.replace('mode: cluster', 'mode: [cluster'), /cluster\.yaml:\d+:\d+: /],
    ['unknown role', (s) => s.replace('roles: [server, data]', 'roles: [server, router]'), /roles\[1\].*router/],
    ['unknown engine', (s) => s.replace('engines: [suricata]', 'engines: [snort]'), /engines\[0\].*snort/],
    ['typo in a key', (s) => s.replace(`    address: ${hosts[1]!.address}`, `    adress: ${hosts[1]!.address}`), /adress.*did you mean address/],
    ['duplicate host name', (s) => s.replace('name: lab-3', 'name: lab-2'), /duplicate|already/i],
    ['duplicate address', (s) => s.replace(`address: ${hosts[2]!.address}`, `address: ${hosts[1]!.address}`), /:22 is already hosts\[1\] \(lab-2\): each host needs its own address or SSH port/],
    ['inline password', (s) => s.replace('  sudo: false', '  sudo: false\n  password: hunter2-canary'), /secrets never go in cluster\.yaml/],
    ['bad MAC', (s) => s.replace(/mac: "[^"]+"/, 'mac: "zz:zz"'), /mac/],
    ['capture on a non-sensor', (s) => s.replace('roles: [server, data]', 'roles: [server, data]\n    capture: [{ name: cap0, mac: "02:00:00:00:00:01", role: passive, engines: [zeek] }]'), /capture is only for sensor hosts/],
    ['sensor without capture', (s) => s.replace(/(name: lab-3\n\s+address: [^\n]+\n\s+roles: \[sensor\]\n)\s+capture:\n(\s+- [^\n]+\n(\s{8}[^\n]+\n)*)+/, '$1'), /capture/],
    ['inline role', (s) => s.replace('role: passive', 'role: inline'), /inline/],
    ['no engines', (s) => s.replace('engines: [suricata]', 'engines: []'), /engines/],
    ['workers zero', (s) => s.replace('engines: [suricata]', 'engines: [suricata]\n        workers: { suricata: 0 }'), /workers/],
    ['port out of range', (s) => s.replace('  port: 22', '  port: 70000'), /port/],
    ['missing auth', (s) => s.replace(/ {2}auth: \{[^}]+\}\n/, ''), /auth/],
    ['unknown jump host', (s) => s.replace('name: lab-3\n', 'name: lab-3\n    jump: bastion\n'), /bastion/],
    ['waiver without reason', (s) => s.replace(/reason: [^\n]+/, 'reason: ""'), /reason/],
    ['bad apiVersion', (s) => s.replace('apiVersion: picket/v1', 'apiVersion: picket/v9'), /apiVersion/],
    ['cluster without a server', (s) => s.replace('roles: [server, data]', 'roles: [data]'), /server/],
    ['unknown NIC (found only by asking the host)', (s) => s.replace(/name: cap1\n(\s+)mac: "[^"]+"/, 'name: cap9\n$1mac: "02:50:4b:02:00:09"'), /cap9/],
    ['management NIC as capture', (s, mac) => s.replace(/name: cap1\n(\s+)mac: "[^"]+"/, `name: mgmt0\n$1mac: "${mac}"`), /mgmt0 carries the SSH session/],
    ['more workers than cores', (s) => s.replace('engines: [suricata]', 'engines: [suricata]\n        workers: { suricata: 64 }'), /more workers|cores/],
  ];

  it(`refuses ${cases.length} bad specs with a clear error, and no host changes`, async () => {
    const before = snapshots();
    const lab2MgmtMac = /== mgmt0[\s\S]*?\d+ (?:True|False) ([0-9a-f:]{17})/.exec(before[1]!)![1]!;
    for (const [what, mutate, expected] of cases) {
      const text = mutate(good(), lab2MgmtMac);
      expect(text, what).not.toBe(good());
      const dir = mkdtempSync(join(tmpdir(), 'picket-bad-'));
      writeFileSync(join(dir, 'cluster.yaml'), text);
      writeFileSync(join(dir, 'known_hosts'), readFileSync(join(project, 'known_hosts')));
      const run = await runPicket(['apply', '-f', join(dir, 'cluster.yaml'), '--yes', '--capture-seconds', '1']);
      expect(run.code, `${what}: ${run.stdout}${run.stderr}`).toBe(1);
      expect(`${run.stdout}${run.stderr}`, what).toMatch(expected);
      expect(`${run.stdout}${run.stderr}`, what).not.toContain('hunter2-canary');
      expect(`${run.stdout}${run.stderr}`, what).not.toMatch(/apply succeeded|resuming|run \d{4}-/);
    }
    expectSnapshots(before);
  });
});
