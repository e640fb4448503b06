import { describe, expect, it } from 'vitest';
import { parseHugepagePools, parseMeminfo, parseThpMode } from './parse-meminfo.ts';

describe('parseMeminfo', () => {
  it('converts kB to bytes and keeps the default hugepage pool', () => {
    const info = parseMeminfo(
      'MemTotal:       24684084 kB\nMemFree:        23670660 kB\nMemAvailable:   24212352 kB\n' +
        'HugePages_Total:       4\nHugePages_Free:        3\nHugepagesize:       2048 kB\n',
    );
    expect(info.totalBytes).toBe(24684084 * 1024);
    expect(info.availableBytes).toBe(24212352 * 1024);
    expect(info.defaultHugepages).toEqual({ sizeKb: 2048, total: 4, free: 3 });
  });

  it('estimates available memory on kernels before MemAvailable (3.14)', () => {
    const info = parseMeminfo('MemTotal: 100 kB\nMemFree: 10 kB\nBuffers: 1 kB\nCached: 4 kB\n');
    expect(info.availableBytes).toBe(15 * 1024);
  });
});

describe('parseHugepagePools', () => {
  it('one pool per size from sysfs', () => {
    const pools = parseHugepagePools(
      [
        '/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages:8',
        '/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages:0',
        '/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages:6',
        '/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages:0',
      ].join('\n'),
    );
    expect(pools).toEqual([
      { sizeKb: 2048, total: 0, free: 0 },
      { sizeKb: 1048576, total: 8, free: 6 },
    ]);
  });
});

describe('parseThpMode', () => {
  it('returns the bracketed mode', () => {
    expect(parseThpMode('always [madvise] never\n')).toBe('madvise');
    expect(parseThpMode('[always] madvise never')).toBe('always');
    expect(parseThpMode('')).toBeNull();
  });
});
