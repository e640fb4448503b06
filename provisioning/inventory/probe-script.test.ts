import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeOutput } from './parse-probe-output.ts';
import { isValidProbeMarker, newProbeMarker } from './probe-protocol.ts';
import { buildProbeScript } from './probe-script.ts';

const onLinux = process.platform === 'linux';
const hasBusybox = onLinux && spawnSync('busybox', ['true']).status === 0;

function run(shell: string[], script: string, sshConnection: string, cwd?: string) {
  return spawnSync(shell[0] ?? 'sh', [...shell.slice(1), '-c', script, 'picket-probe', sshConnection], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    cwd,
  });
}

describe('buildProbeScript', () => {
  it('starts with LC_ALL=C and embeds the marker once, quoted', () => {
    const marker = newProbeMarker();
    const script = buildProbeScript(marker);
    expect(script.startsWith('LC_ALL=C; export LC_ALL\n')).toBe(true);
    expect(script.split(marker)).toHaveLength(2);
    expect(script).toContain(`M='${marker}'`);
  });

  it('refuses markers that could break out of the quotes or be guessed', () => {
    expect(() => buildProbeScript("@@picket-x'; reboot; '@@")).toThrow();
    expect(() => buildProbeScript('@@picket-a b c d e f g@@')).toThrow();
    expect(() => buildProbeScript('short')).toThrow();
    expect(isValidProbeMarker(newProbeMarker())).toBe(true);
  });

  it('uses no common bashisms', () => {
    const script = buildProbeScript(newProbeMarker());
    for (const bashism of ['[[ ', '$(<', '<<<', 'function ', 'local ', "$'", '${!', 'source ', '&>']) {
      expect(script, bashism).not.toContain(bashism);
    }
  });

  it.runIf(onLinux)('passes `sh -n`', () => {
    const result = spawnSync('sh', ['-n'], { input: buildProbeScript(newProbeMarker()), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.runIf(hasBusybox)('passes `busybox sh -n`', () => {
    const result = spawnSync('busybox', ['sh', '-n'], { input: buildProbeScript(newProbeMarker()), encoding: 'utf8' });
    expect(result.status).toBe(0);
  });
});

describe.runIf(onLinux)('the probe on this machine', () => {
  it('runs under sh and parses into an inventory', () => {
    const marker = newProbeMarker();
    const result = run(['sh'], buildProbeScript(marker), '');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const inventory = parseProbeOutput(result.stdout, marker);
    expect(inventory.os.id).toBe('debian');
    expect(inventory.cpu.numaNodes.length).toBeGreaterThanOrEqual(1);
    expect(inventory.cpu.threads).toBeGreaterThanOrEqual(1);
    expect(inventory.nics.length).toBeGreaterThanOrEqual(1);
    expect(inventory.nics.map((nic) => nic.name)).not.toContain('lo');
    expect(inventory.memory.totalBytes).toBeGreaterThan(0);
    expect(inventory.timeSync.epochSeconds).toBeGreaterThan(1_600_000_000);
    // With no SSH_CONNECTION the default route's device is the management NIC.
    expect(inventory.managementNic).not.toBeNull();
    expect(inventory.warnings.filter((w) => w.startsWith('probe:'))).toEqual([]);
  }, 60_000);

  it('treats $1 as data: a hostile SSH_CONNECTION is neither executed nor turned into a route query', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picket-probe-'));
    try {
      const marker = newProbeMarker();
      const result = run(['sh'], buildProbeScript(marker), '$(touch pwned) `touch pwned2` ;touch pwned3', dir);
      expect(result.status).toBe(0);
      expect(readdirSync(dir)).toEqual([]);
      expect(result.stdout).toMatch(new RegExp(`${marker} route-mgmt *\\n`));
      expect(parseProbeOutput(result.stdout, marker).nics.length).toBeGreaterThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.runIf(hasBusybox)('gives the same sections under busybox ash', () => {
    const marker = newProbeMarker();
    const dash = parseProbeOutput(run(['sh'], buildProbeScript(marker), '').stdout, marker);
    const ash = parseProbeOutput(run(['busybox', 'sh'], buildProbeScript(marker), '').stdout, marker);
    expect(ash.nics.map((nic) => nic.name)).toEqual(dash.nics.map((nic) => nic.name));
    expect(ash.cpu).toEqual(dash.cpu);
    expect(ash.warnings).toEqual(dash.warnings);
  }, 60_000);

  it('is read-only: nothing appears in the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picket-probe-'));
    try {
      run(['sh'], buildProbeScript(newProbeMarker()), '', dir);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
