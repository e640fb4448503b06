import { describe, expect, it } from 'vitest';
import { mountForPath } from './mount-for-path.ts';
import { fixtureInventory } from './testing/fixture-host.ts';

function withMounts(paths: string[]) {
  const inventory = fixtureInventory();
  inventory.disks.push({ name: 'nvme0n1', sizeBytes: 1e12, rotational: false, model: null, type: 'disk', mounts: paths.map((path) => ({ path, sizeBytes: 1e12, freeBytes: 5e11 })) });
  return inventory;
}

describe('mountForPath', () => {
  it('falls back to / when nothing closer is mounted', () => {
    expect(mountForPath(fixtureInventory(), '/var/lib/rancher')).toMatchObject({ disk: { name: 'vda' }, mount: { path: '/' } });
  });

  it('takes the longest prefix, matched by whole path components', () => {
    const inventory = withMounts(['/var', '/var/lib/ranch', '/var/lib/rancher', '[SWAP]']);
    expect(mountForPath(inventory, '/var/lib/rancher')?.mount.path).toBe('/var/lib/rancher');
    expect(mountForPath(inventory, '/var/lib/rancher/rke2/agent')?.mount.path).toBe('/var/lib/rancher');
    expect(mountForPath(inventory, '/var/log')?.mount.path).toBe('/var');
    expect(mountForPath(inventory, '/varnish')?.mount.path).toBe('/');
  });

  it('is null when no filesystem is mounted at all', () => {
    const inventory = fixtureInventory();
    inventory.disks = [];
    inventory.filesystems = [];
    expect(mountForPath(inventory, '/var/log')).toBeNull();
  });

  it('falls back to filesystems on no listed block device, such as an overlay root', () => {
    const inventory = fixtureInventory();
    inventory.disks = [];
    inventory.filesystems = [{ path: '/', sizeBytes: 100e9, freeBytes: 40e9 }];
    expect(mountForPath(inventory, '/var/lib/rancher')).toEqual({ disk: null, mount: { path: '/', sizeBytes: 100e9, freeBytes: 40e9 } });
  });
});
