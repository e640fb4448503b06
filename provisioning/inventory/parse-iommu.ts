// IOMMU state, needed for VFIO/DPDK VFs: units under /sys/class/iommu (dmar* Intel, ivhd* AMD) and the number of
// groups under /sys/kernel/iommu_groups. Both are empty unless the kernel actually enabled the IOMMU.
import { parseCount, splitLines } from './text-limits.ts';

export interface Iommu {
  enabled: boolean;
  groups: number;
  units: string[];
}

/** Probe lines `class <unit>` and `groups <n>`. */
export function parseIommu(text: string): Iommu {
  const units: string[] = [];
  let groups = 0;
  for (const line of splitLines(text, 1000)) {
    const unit = /^class (\S{1,64})$/.exec(line.trim());
    if (unit?.[1] !== undefined) units.push(unit[1]);
    const count = /^groups (\d+)$/.exec(line.trim());
    if (count?.[1] !== undefined) groups = parseCount(count[1]) ?? 0;
  }
  return { enabled: units.length > 0 && groups > 0, groups, units };
}
