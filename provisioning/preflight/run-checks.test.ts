import { describe, expect, it } from 'vitest';
import { GiB } from './quantity.ts';
import { runChecks } from './run-checks.ts';
import { cluster, host, nic, roomyInventory } from './testing/fixture-host.ts';

describe('runChecks', () => {
  it('a healthy cluster: only notes', () => {
    const input = cluster([host('server-1', ['server'], roomyInventory('server-1')), host('sensor-1', ['sensor'], roomyInventory('sensor-1'))], {
      clock: [
        { host: 'server-1', offsetSeconds: 0.01, rttSeconds: 0.01 },
        { host: 'sensor-1', offsetSeconds: 0.02, rttSeconds: 0.01 },
      ],
      capture: [{ host: 'sensor-1', nic: 'cap0', link: 'up', adminUp: true, packetsPerSecond: 2500, bytesPerSecond: 1e6, seconds: 5 }],
      bundleBytes: 20e9,
    });
    expect(runChecks(input).map((f) => [f.severity, f.check])).toEqual([['info', 'capture-path']]);
  });

  it('runs every check and sorts failures, then warnings, then notes', () => {
    const sensor = roomyInventory('dup');
    sensor.memory.totalBytes = 8 * GiB;
    nic(sensor, 'cap1').link = 'down';
    const server = roomyInventory('dup');
    server.timeSync.synchronized = false;
    const input = cluster([host('sensor-1', ['sensor'], sensor, { capture: [{ nic: 'cap0' }, { nic: 'cap1' }] }), host('server-1', ['server'], server)], {
      capture: [{ host: 'sensor-1', nic: 'cap0', link: 'up', adminUp: true, packetsPerSecond: 10, bytesPerSecond: 1000, seconds: 5 }],
    });
    expect(runChecks(input).map((f) => [f.severity, f.host, f.check])).toEqual([
      ['fail', null, 'hostname-unique'],
      ['fail', 'sensor-1', 'role-resources'],
      ['warn', 'sensor-1', 'capture-nic'],
      ['warn', 'server-1', 'time-sync'],
      ['info', 'sensor-1', 'capture-path'],
    ]);
  });
});
