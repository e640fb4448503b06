import { describe, expect, it } from 'vitest';
import { GB } from '../quantity.ts';
import { cluster, fixtureInventory, host } from '../testing/fixture-host.ts';
import { bundleFits } from './bundle-fits.ts';

// The fixture's / has 83.5 GB free of 270.6 GB, so 27.1 GB of it stays free: 56.4 GB is left for the bundle.
const input = (bundleBytes: number | undefined, inventory = fixtureInventory()) => cluster([host('vm', ['agent'], inventory)], bundleBytes === undefined ? {} : { bundleBytes });

describe('bundle-fits', () => {
  it('says nothing without a bundle, or when the bundle fits with the reserve', () => {
    expect(bundleFits(input(undefined))).toEqual([]);
    expect(bundleFits(input(56 * GB))).toEqual([]);
  });

  it('fails a bundle that would eat into the 10 % the kubelet needs free', () => {
    expect(bundleFits(input(60 * GB))).toEqual([
      {
        severity: 'fail',
        host: 'vm',
        check: 'bundle-fits',
        message: 'vm has 83.5 GB free on /; the 60 GB bundle plus the 10 % of the filesystem kept free (27.1 GB) needs 87.1 GB (short by 3.6 GB)',
        fix: 'free at least 3.6 GB on /, or mount a larger volume at /var',
      },
    ]);
  });

  it('looks at the filesystem holding /var when /var is its own mount', () => {
    const inventory = fixtureInventory();
    inventory.disks.push({ name: 'sdb', sizeBytes: 20e9, rotational: false, model: null, type: 'disk', mounts: [{ path: '/var', sizeBytes: 20e9, freeBytes: 15e9 }] });
    expect(bundleFits(input(14 * GB, inventory)).map((f) => f.message)).toEqual([
      'vm has 15 GB free on /var; the 14 GB bundle plus the 10 % of the filesystem kept free (2 GB) needs 16 GB (short by 1 GB)',
    ]);
  });
});
