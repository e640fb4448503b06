import { describe, expect, it } from 'vitest';
import { sampleInventory, sampleNic } from '../../test-support/sample-inventory.ts';
import { formatBytes, formatSpeed, summarizeInventory } from './inventory-summary.ts';

describe('summarizeInventory', () => {
  it('says what a card shows: OS, CPU shape, NUMA, memory, NICs and the management NIC', () => {
    const inventory = sampleInventory([sampleNic('eno1', { isManagement: true }), sampleNic('ens1f0'), sampleNic('veth0', { kind: 'veth' })]);
    expect(summarizeInventory(inventory)).toEqual({
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-18-amd64',
      cpuModel: 'Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz',
      cpuShape: '2 sockets · 36 cores · 72 threads',
      numa: '2 NUMA nodes',
      memory: '256 GiB',
      nics: '3 NICs (2 physical, 1 virtual)',
      management: 'eno1',
      virtualization: null,
    });
  });

  it('formats sizes and link speeds as an engineer reads them', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(23.5 * 1024 ** 3), formatBytes(2 * 1024 ** 4)]).toEqual(['512 B', '1.5 KiB', '23.5 GiB', '2.0 TiB']);
    expect([formatSpeed(null), formatSpeed(100), formatSpeed(10000), formatSpeed(2500)]).toEqual(['—', '100 Mb/s', '10 Gb/s', '2.5 Gb/s']);
  });
});
