/**
 * `npm run lab -- spec` against the running lab: its cluster.yaml is valid, and its capture NICs, matched against
 * a fresh inventory of each sensor, are cap0 and cap1 — never the management NIC.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeHost } from '../../provisioning/inventory/probe-host.ts';
import { toHostTarget } from '../../provisioning/project/host-target.ts';
import { loadClusterSpec } from '../../provisioning/project/load-cluster-spec.ts';
import { openProject, projectPaths } from '../../provisioning/project/project-folder.ts';
import { resolveCaptureNics } from '../../provisioning/project/resolve-capture-nics.ts';
import { formatSpecError } from '../../provisioning/project/spec-error.ts';
import type { ClusterSpec } from '../../provisioning/project/cluster-spec.ts';
import { mapBounded } from '../../provisioning/shared/map-bounded.ts';
import { HostConnection } from '../../provisioning/ssh/connection.ts';
import { KnownHosts } from '../../provisioning/ssh/known-hosts.ts';
import { argv } from '../../provisioning/ssh/shell-quote.ts';
import { acceptingOptions, labHosts, rootTarget } from '../support/lab-hosts.ts';
import type { LabHost } from './lab.ts';

const REPO = join(import.meta.dirname, '..', '..');

/** `npm run -s lab -- ARGS` as a user types it (-s: no npm banner in stdout). */
function npmLab(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'lab', '--', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let hosts: LabHost[];
let spec: ClusterSpec;

beforeAll(async () => {
  hosts = await labHosts();
  const run = await npmLab(['spec']);
  expect(run.code, run.stderr).toBe(0);
  const loaded = loadClusterSpec(run.stdout, 'cluster.yaml');
  if (!loaded.ok) throw new Error(`npm run lab -- spec printed an invalid spec:\n${loaded.errors.map(formatSpecError).join('\n')}`);
  spec = loaded.spec;
});

describe('npm run lab -- spec', () => {
  it('prints a valid cluster spec of every lab host: the first a server, the others sensors', () => {
    expect(spec.mode).toBe('cluster');
    expect(spec.hosts.map((h) => [h.name, h.address])).toEqual(hosts.map((h) => [h.name, h.address]));
    expect(spec.hosts[0]!.roles).toEqual(['server', 'data']);
    for (const host of spec.hosts.slice(1)) {
      expect(host.roles).toEqual(['sensor']);
      expect(host.capture?.map((c) => [c.name, c.engines])).toEqual([['cap0', ['zeek', 'suricata']], ['cap1', ['suricata']]]);
    }
    expect(spec.defaults?.auth).toEqual({ method: 'key', identityFile: hosts[0]!.identityFile });
  });

  it('its capture NICs resolve on a fresh inventory of each sensor to cap0 and cap1, never mgmt0', async () => {
    const options = await acceptingOptions();
    const sensors = spec.hosts.filter((h) => h.roles.includes('sensor'));
    expect(sensors.length).toBe(hosts.length - 1);
    const resolved = await mapBounded(sensors, 8, async (host) => {
      const connection = new HostConnection(rootTarget(hosts.find((h) => h.name === host.name)!), options);
      try {
        return { host: host.name, ...resolveCaptureNics(host, await probeHost(connection)) };
      } finally {
        connection.close();
      }
    });
    for (const r of resolved) {
      expect(r.errors, r.host).toEqual([]);
      expect(r.nics.map((n) => n.nic.name), r.host).toEqual(['cap0', 'cap1']);
      expect(r.nics.some((n) => n.nic.isManagement || n.nic.name === 'mgmt0')).toBe(false);
    }
  });

  it('--out DIR writes a project whose hosts are reached through its own pinned keys', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'picket-labspec-')), 'lab');
    const run = await npmLab(['spec', '--out', dir, '--hosts', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`wrote ${join(dir, 'cluster.yaml')}`);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const opened = await openProject(dir);
    if (!opened.ok) throw new Error(opened.errors.map(formatSpecError).join('\n'));
    expect(opened.spec.hosts.map((h) => h.name)).toEqual(['lab-1', 'lab-2']);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toContain('secrets.yaml');

    // No new key may be accepted: the project's known_hosts must already pin both hosts.
    const knownHosts = new KnownHosts(projectPaths(dir).knownHosts);
    for (const host of opened.spec.hosts) {
      const connection = new HostConnection(await toHostTarget(opened, host), { hostKeys: { knownHosts, confirmNewHost: async () => false }, readyTimeoutMs: 10_000 });
      try {
        expect((await connection.run(argv(['hostname']))).trim()).toBe(host.name);
      } finally {
        connection.close();
      }
    }

    const again = await npmLab(['spec', '--out', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`lab: ${join(dir, 'cluster.yaml')} already exists`);
  });
});
