// Memory facts: /proc/meminfo, the per-size hugepage pools under /sys/kernel/mm/hugepages, and the THP mode.
import { parseCount, splitLines } from './text-limits.ts';

export interface Meminfo {
  totalBytes: number | null;
  availableBytes: number | null;
  /** From meminfo's HugePages_* lines: only the default size, used when the sysfs pools are unreadable. */
  defaultHugepages: { sizeKb: number; total: number; free: number } | null;
}

export interface HugepagePool {
  sizeKb: number;
  total: number;
  free: number;
}

/** /proc/meminfo: `Key:   value kB` (HugePages_* lines are bare counts). */
export function parseMeminfo(text: string): Meminfo {
  const fields = new Map<string, number>();
  for (const line of splitLines(text, 500)) {
    const match = /^([A-Za-z0-9_()]+):\s+(\d{1,15})(?:\s+kB)?\s*$/.exec(line);
    if (match?.[1] !== undefined && !fields.has(match[1])) fields.set(match[1], Number(match[2]));
  }
  const kb = (key: string) => {
    const value = fields.get(key);
    return value === undefined ? null : value * 1024;
  };
  // MemAvailable exists since 3.14; before it, free + page cache is the usual estimate.
  const free = kb('MemFree');
  const estimate = free === null ? null : free + (kb('Buffers') ?? 0) + (kb('Cached') ?? 0);
  const size = fields.get('Hugepagesize');
  const total = fields.get('HugePages_Total');
  return {
    totalBytes: kb('MemTotal'),
    availableBytes: kb('MemAvailable') ?? estimate,
    defaultHugepages:
      size !== undefined && total !== undefined ? { sizeKb: size, total, free: fields.get('HugePages_Free') ?? 0 } : null,
  };
}

/** `…/hugepages-2048kB/nr_hugepages:N` and `…/free_hugepages:N` lines, one pool per page size, sorted by size. */
export function parseHugepagePools(text: string): HugepagePool[] {
  const pools = new Map<number, HugepagePool>();
  for (const line of splitLines(text, 1000)) {
    const match = /\/hugepages-(\d{1,12})kB\/(nr_hugepages|free_hugepages):(.*)$/.exec(line);
    if (match?.[1] === undefined) continue;
    const value = parseCount(match[3]);
    if (value === null) continue;
    const sizeKb = Number(match[1]);
    const pool = pools.get(sizeKb) ?? { sizeKb, total: 0, free: 0 };
    if (match[2] === 'nr_hugepages') pool.total = value;
    else pool.free = value;
    pools.set(sizeKb, pool);
  }
  return [...pools.values()].sort((a, b) => a.sizeKb - b.sizeKb);
}

/** `always [madvise] never` → `madvise`: the bracketed word is the active mode. */
export function parseThpMode(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const selected = /\[([a-z_+-]{1,32})\]/.exec(trimmed);
  if (selected?.[1] !== undefined) return selected[1];
  return /^[a-z_+-]{1,32}$/.test(trimmed) ? trimmed : null;
}
