// The first `model name`, `vendor_id` and `flags` lines of /proc/cpuinfo (the probe prints only those three).
// ARM kernels have none of them; model and vendor then read 'unknown' rather than failing the inventory.
import { splitLines } from './text-limits.ts';

export interface CpuInfo {
  model: string;
  vendor: string;
  flags: string[];
}

const VIRTUALIZATION_FLAGS = ['vmx', 'svm'] as const;

export function parseCpuinfo(text: string): CpuInfo {
  const fields = new Map<string, string>();
  for (const line of splitLines(text, 1000)) {
    const match = /^([A-Za-z][A-Za-z _]*?)\s*:\s?(.*)$/.exec(line);
    if (match?.[1] !== undefined && !fields.has(match[1])) fields.set(match[1], (match[2] ?? '').trim());
  }
  const flags = (fields.get('flags') ?? '').split(/\s+/).filter((flag) => /^[a-z0-9_.]{1,64}$/.test(flag));
  return {
    model: fields.get('model name') || 'unknown',
    vendor: fields.get('vendor_id') || 'unknown',
    flags,
  };
}

/** vmx (Intel VT-x) / svm (AMD-V): the CPU can host VMs; a VM sees them only with nested virtualization. */
export function virtualizationFlags(flags: readonly string[]): string[] {
  return VIRTUALIZATION_FLAGS.filter((flag) => flags.includes(flag));
}
