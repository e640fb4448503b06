import { describe, expect, it } from 'vitest';
import { parseCpuList } from './parse-cpu-list.ts';

describe('parseCpuList', () => {
  it('expands ranges and singles as in node cpulists', () => {
    const cpus = parseCpuList('0-17,36-53\n');
    expect(cpus).toHaveLength(36);
    expect(cpus?.slice(16, 20)).toEqual([16, 17, 36, 37]);
    expect(parseCpuList('18,54')).toEqual([18, 54]);
    expect(parseCpuList('3')).toEqual([3]);
  });

  it('sorts and de-duplicates', () => {
    expect(parseCpuList('4,1-2,2')).toEqual([1, 2, 4]);
  });

  it('reads the stride form (first N of every M)', () => {
    expect(parseCpuList('0-15:2/4')).toEqual([0, 1, 4, 5, 8, 9, 12, 13]);
  });

  it('treats an empty list (memory-only NUMA node) as no CPUs', () => {
    expect(parseCpuList('')).toEqual([]);
    expect(parseCpuList('  \n')).toEqual([]);
  });

  it('rejects garbage and hostile ranges instead of allocating', () => {
    expect(parseCpuList('0-4294967295')).toBeNull();
    expect(parseCpuList('5-3')).toBeNull();
    expect(parseCpuList('a-b')).toBeNull();
    expect(parseCpuList('1,,2')).toBeNull();
    expect(parseCpuList('0-7:0/4')).toBeNull();
  });
});
