// Kernel cpu-list format, as in /sys/devices/system/cpu/online, node*/cpulist, thread_siblings_list and
// local_cpulist: comma-separated ids and inclusive ranges, e.g. `0-17,36-53`. Newer kernels also allow a stride
// (`0-15:2/4`, "first 2 of every 4"), which isolcpus-style lists use.
import { MAX_CPU_ID } from './text-limits.ts';

/** Sorted, de-duplicated CPU ids, or null when the text is not a cpu list. An empty list is `[]`. */
export function parseCpuList(text: string): number[] | null {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const cpus = new Set<number>();
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+)(?::(\d+)\/(\d+))?)?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const used = match[3] === undefined ? 1 : Number(match[3]);
    const group = match[4] === undefined ? 1 : Number(match[4]);
    // Bounds first: a hostile `0-4294967295` must not turn into four billion numbers.
    if (last < first || last > MAX_CPU_ID || group < 1 || used < 1 || used > group) return null;
    for (let base = first; base <= last; base += group) {
      for (let k = 0; k < used && base + k <= last; k++) cpus.add(base + k);
    }
  }
  return [...cpus].sort((a, b) => a - b);
}
