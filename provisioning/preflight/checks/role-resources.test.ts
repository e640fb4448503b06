import { describe, expect, it } from 'vitest';
import { GiB } from '../quantity.ts';
import { cluster, fixtureInventory, host, roomyInventory } from '../testing/fixture-host.ts';
import { roleResources } from './role-resources.ts';

function rootMount(inventory: ReturnType<typeof fixtureInventory>) {
  return inventory.disks.flatMap((d) => d.mounts).find((m) => m.path === '/')!;
}

describe('role-resources', () => {
  it('says nothing of a host that meets the minimum of each role', () => {
    for (const role of ['server', 'agent', 'sensor', 'data'] as const) {
      expect(roleResources(cluster([host('h', [role], roomyInventory('h'))]))).toEqual([]);
    }
  });

  it('a sensor with 8 GiB RAM: measured, required and the shortfall', () => {
    const inventory = roomyInventory('sensor-1');
    inventory.memory.totalBytes = 8 * GiB;
    expect(roleResources(cluster([host('sensor-1', ['sensor'], inventory)]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'role-resources',
        message: 'sensor-1 has 8 GiB RAM; a sensor needs 12 GiB (short by 4 GiB)',
        fix: 'add at least 4 GiB of RAM, or give this role to a host with 12 GiB or more',
      },
    ]);
  });

  it('the lab VM as a sensor: too few cores, and / too small for images plus logs', () => {
    expect(roleResources(cluster([host('sensor-1', ['sensor'], fixtureInventory())]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'role-resources',
        message: 'sensor-1 has 2 physical cores; a sensor needs 4 (short by 2)',
        fix: 'use a host with at least 4 physical cores for this role (SMT threads do not count: sensor workers are pinned to whole cores)',
      },
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'role-resources',
        message: 'sensor-1 has 83.5 GB free on / for /var/lib/rancher and /var/log; a sensor needs 200 GB there (short by 116.5 GB)',
        fix: 'free at least 116.5 GB on /, or give /var/lib/rancher (100 GB) and /var/log (100 GB) volumes of their own',
      },
    ]);
  });

  it('the lab VM as an agent: its cores and RAM suffice, its disk does not', () => {
    expect(roleResources(cluster([host('agent-1', ['agent'], fixtureInventory())])).map((f) => f.message)).toEqual([
      'agent-1 has 83.5 GB free on / for /var/lib/rancher; an agent needs 100 GB there (short by 16.5 GB)',
    ]);
  });

  it('checks each path on the filesystem that holds it (longest mount prefix)', () => {
    const inventory = roomyInventory('sensor-2');
    inventory.disks.push(
      { name: 'sdb', sizeBytes: 60e9, rotational: true, model: null, type: 'disk', mounts: [{ path: '/var/log', sizeBytes: 60e9, freeBytes: 40e9 }] },
      { name: 'nvme0n1', sizeBytes: 1e12, rotational: false, model: null, type: 'disk', mounts: [{ path: '/var/lib/rancher', sizeBytes: 1e12, freeBytes: 900e9 }] },
    );
    rootMount(inventory).freeBytes = 10e9;
    expect(roleResources(cluster([host('sensor-2', ['sensor'], inventory)]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-2',
        check: 'role-resources',
        message: 'sensor-2 has 40 GB free on /var/log for /var/log; a sensor needs 100 GB there (short by 60 GB)',
        fix: 'free at least 60 GB on /var/log, or mount a volume of 100 GB or more at /var/log',
      },
    ]);
  });

  it('RAM within 5 % of the minimum passes (firmware and kernel keep some), further below fails', () => {
    const inventory = roomyInventory('server-1');
    inventory.memory.totalBytes = 15.5 * GiB;
    expect(roleResources(cluster([host('server-1', ['server'], inventory)]))).toEqual([]);
    inventory.memory.totalBytes = 15 * GiB;
    expect(roleResources(cluster([host('server-1', ['server'], inventory)])).map((f) => f.message)).toEqual([
      'server-1 has 15 GiB RAM; a server needs 16 GiB (short by 1 GiB)',
    ]);
  });

  it('standalone adds the sensor\'s exclusive share to the rest: 8 cores, 28 GiB', () => {
    const inventory = roomyInventory('all-in-one');
    inventory.cpu.cores = 6;
    inventory.memory.totalBytes = 24 * GiB;
    expect(roleResources({ mode: 'standalone', hosts: [host('all-in-one', ['sensor'], inventory)] }).map((f) => f.message)).toEqual([
      'all-in-one has 6 physical cores; a standalone host (server, data and sensor) needs 8 (short by 2)',
      'all-in-one has 24 GiB RAM; a standalone host (server, data and sensor) needs 28 GiB (short by 4 GiB)',
    ]);
  });

  it('in a cluster, a server that is also an agent needs only the larger minimum', () => {
    const inventory = roomyInventory('server-1');
    inventory.cpu.cores = 4;
    inventory.memory.totalBytes = 16 * GiB;
    expect(roleResources(cluster([host('server-1', ['server', 'agent'], inventory)]))).toEqual([]);
  });

  it('free space that df did not report is a warning, not a guess', () => {
    const inventory = roomyInventory('data-1');
    rootMount(inventory).freeBytes = null;
    inventory.filesystems = [];
    expect(roleResources(cluster([host('data-1', ['data'], inventory)]))).toEqual([
      {
        severity: 'warn',
        host: 'data-1',
        check: 'role-resources',
        message: 'free space on / (holding /var/lib/rancher) of data-1 is unknown: df did not report it; a data node needs 200 GB there',
        fix: 'check by hand (df -h /); if there is enough, waive role-resources for data-1',
      },
    ]);
  });

  it('a path no listed filesystem holds (a container on an overlay root): unknown, and how to look by hand', () => {
    const inventory = roomyInventory('lab-2');
    inventory.disks = [{ name: 'vda', sizeBytes: 275e9, rotational: true, model: null, type: 'disk', mounts: [{ path: '/run/host/incoming', sizeBytes: null, freeBytes: null }] }];
    inventory.filesystems = [];
    expect(roleResources(cluster([host('lab-2', ['agent'], inventory)]))).toEqual([
      {
        severity: 'warn',
        host: 'lab-2',
        check: 'role-resources',
        message: 'free space for /var/lib/rancher on lab-2 is unknown: no filesystem in the inventory holds it; an agent needs 100 GB there',
        fix: 'check by hand (df -h /var/lib/rancher); if there is enough, waive role-resources for lab-2',
      },
    ]);
  });
});
