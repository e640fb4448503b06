import { describe, expect, it } from 'vitest';
import { cluster, fixtureInventory, host, roomyInventory } from '../testing/fixture-host.ts';
import { etcdDisk } from './etcd-disk.ts';

describe('etcd-disk', () => {
  it('warns for a server whose /var/lib/rancher is on a rotational disk (the fixture\'s vda)', () => {
    expect(etcdDisk(cluster([host('server-1', ['server'], fixtureInventory())]))).toEqual([
      {
        severity: 'warn',
        host: 'server-1',
        check: 'etcd-disk',
        message: 'server-1 keeps /var/lib/rancher (etcd) on vda, which reports itself as a rotational disk; etcd needs low fsync latency',
        fix: 'put /var/lib/rancher on an SSD or NVMe volume; if vda is a virtual disk backed by flash, waive etcd-disk for server-1',
      },
    ]);
  });

  it('says nothing of an SSD, or of hosts that run no etcd', () => {
    expect(etcdDisk(cluster([host('server-1', ['server'], roomyInventory('server-1'))]))).toEqual([]);
    expect(etcdDisk(cluster([host('sensor-1', ['sensor'], fixtureInventory())]))).toEqual([]);
    expect(etcdDisk({ mode: 'standalone', hosts: [host('vm', [], fixtureInventory())] })).toHaveLength(1);
  });
});
