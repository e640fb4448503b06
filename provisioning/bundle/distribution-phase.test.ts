import { describe, expect, it } from 'vitest';
import { HostConnection } from '../ssh/connection.ts';
import { KnownHosts } from '../ssh/known-hosts.ts';
import { distributionPhase } from './distribution-phase.ts';
import type { DistributionHost } from './distribution-steps.ts';

const MiB = 1024 * 1024;

function host(name: string, i: number): DistributionHost {
  // Built, never connected: the phase is planned without touching a host.
  const connection = new HostConnection({ label: name, address: `10.0.0.${i + 10}`, user: 'root', auth: [] }, { hostKeys: { knownHosts: new KnownHosts('/nonexistent/known_hosts'), confirmNewHost: async () => false } });
  return { name, address: `10.0.0.${i + 10}`, port: 22, user: 'root', access: { connection, sudo: false } };
}

describe('distributionPhase', () => {
  const hosts = ['server-1', 'sensor-1', 'sensor-2', 'sensor-3', 'sensor-4'].map(host);
  const phase = distributionPhase({
    bundleDir: '/b',
    destination: '/var/lib/picket/bundle',
    files: [{ path: 'images/a.tar', size: 150 * MiB, sha256: 'a'.repeat(64) }, { path: 'manifest.json', size: 900, sha256: 'b'.repeat(64) }],
    hosts,
    pinsFor: async () => '',
    unitBytes: 64 * MiB,
  });
  const needs = (id: string) => phase.steps.find((s) => s.id === id)?.needs;

  it('gives every host a sweep, a space check, one step per unit and one per file once its bytes are there', () => {
    expect(phase.name).toBe('bundle');
    expect(phase.steps.filter((s) => s.host === 'sensor-2').map((s) => s.id)).toEqual([
      'bundle/sensor-2/sweep', 'bundle/sensor-2/space', 'bundle/sensor-2/part-01', 'bundle/sensor-2/part-02', 'bundle/sensor-2/part-03',
      'bundle/sensor-2/file-01', 'bundle/sensor-2/file-02',
    ]);
    expect(phase.steps.find((s) => s.id === 'bundle/sensor-2/file-01')?.title).toBe('images/a.tar (150.0 MiB) checked by sha256 and in place');
    expect(phase.steps.find((s) => s.id === 'bundle/server-1/part-01')?.title).toBe('Bundle part 1 of 3 (64.0 MiB) from the installer');
    expect(phase.steps.find((s) => s.id === 'bundle/sensor-3/part-03')?.title).toBe('Bundle part 3 of 3 (22.0 MiB) from sensor-1');
  });

  it('moves nothing before every host has room: the first upload needs every space check', () => {
    expect(needs('bundle/server-1/part-01')).toEqual(hosts.map((h) => `bundle/${h.name}/space`));
    expect(needs('bundle/server-1/part-02')).toEqual([]);
  });

  it('feeds each host from one that holds the unit, one host per source at a time', () => {
    expect(needs('bundle/sensor-1/part-02')).toEqual(['bundle/server-1/part-02']);
    expect(needs('bundle/sensor-2/part-02')).toEqual(['bundle/server-1/part-02', 'bundle/sensor-1/part-02']);
    expect(needs('bundle/sensor-3/part-02')).toEqual(['bundle/sensor-1/part-02']);
    expect(needs('bundle/sensor-4/part-02')).toEqual(['bundle/server-1/part-02', 'bundle/sensor-2/part-02']);
  });
});
