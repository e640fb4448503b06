import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbeOutput } from './parse-probe-output.ts';
import { isValidProbeMarker, newProbeMarker } from './probe-protocol.ts';
import { buildProbeScript, ETHTOOL_QUERIES } from './probe-script.ts';

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

  it('wraps each command that may hang in a timeout; timedatectl only as a 2 s fallback after the timesyncd file', () => {
    const script = buildProbeScript(newProbeMarker());
    expect(script).toContain('t 10 sh -c "$Q" sh "$M" "$i"');
    expect(script).not.toMatch(/\bt ethtool\b|^\s*ethtool /m);
    expect(script).toMatch(/\[ -e \/run\/systemd\/timesync\/synchronized \][^\n]*\nelif have timedatectl; then t 2 timedatectl show/);
    expect(ETHTOOL_QUERIES).not.toContain("'");
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

const timeoutCommands = [{ name: 'timeout', argv: ['timeout'] }, ...(hasBusybox ? [{ name: 'busybox timeout', argv: ['busybox', 'timeout'] }] : [])];

/** Gone or a zombie (its parent exited, and whoever inherited it has not reaped it yet). */
function ended(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z');
  } catch {
    return true;
  }
}

/** Polls `ended` for up to 2 s: a dying process closes its files a moment before it turns into a zombie. */
function endsSoon(pid: number): boolean {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 40 && !ended(pid); i++) Atomics.wait(pause, 0, 0, 50);
  return ended(pid);
}

describe.runIf(onLinux && spawnSync('timeout', ['1', 'true']).status === 0)("one NIC's ethtool queries under one timeout", () => {
  it.each(timeoutCommands)('a stuck query is ended by $name with its sh, and the NIC name stays data', ({ argv }) => {
    const dir = mkdtempSync(join(tmpdir(), 'picket-ethtool-'));
    try {
      // A fake ethtool that answers -i and hangs on -l, as a wedged driver would.
      const fake = join(dir, 'ethtool');
      writeFileSync(fake, `#!/bin/sh\ncase "$1" in -l) echo $$ > "${dir}/stuck.pid"; exec sleep 30 ;; esac\nprintf 'ethtool %s [%s]\\n' "$1" "$2"\n`);
      chmodSync(fake, 0o755);
      const marker = newProbeMarker();
      const nic = '$(id>p)`id>q`';
      const started = Date.now();
      const result = spawnSync(argv[0] ?? 'timeout', [...argv.slice(1), '1', 'sh', '-c', ETHTOOL_QUERIES, 'sh', marker, nic], {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
        timeout: 20_000,
      });
      // spawnSync also waits for the output pipe to close: an orphaned `sleep 30` would hold it open.
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(result.stdout).toContain(`\n${marker} ethtool-i ${nic}\nethtool -i [${nic}]\n`);
      expect(result.stdout).toContain(`\n${marker} ethtool-l ${nic}\n`);
      expect(result.stdout).not.toContain('ethtool-g');
      const stuck = Number(readFileSync(join(dir, 'stuck.pid'), 'utf8'));
      expect(endsSoon(stuck)).toBe(true);
      expect(readdirSync(dir).sort()).toEqual(['ethtool', 'stuck.pid']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
