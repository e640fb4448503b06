// The role of every planned CPU, read back from a layout: what the core map draws and what checks compare.
// Per-NIC lists hold the roles the top-level unions leave out (Zeek's idle siblings and control cores,
// Suricata's management cores).
import type { CpuLayout } from './host-tuning-plan.ts';

export type CpuRole = 'housekeeping' | 'irq' | 'zeek' | 'zeek-idle' | 'zeek-control' | 'suricata' | 'suricata-management';

/** CPUs by role, in a fixed order; CPUs of no role are the layout's `unused`. */
export function cpusByRole(layout: CpuLayout): [CpuRole, number[]][] {
  const perNic = (pick: (entry: CpuLayout['perNic'][number]) => number[]) => layout.perNic.flatMap(pick).sort((a, b) => a - b);
  return [
    ['housekeeping', layout.housekeeping],
    ['irq', layout.irq],
    ['suricata-management', perNic((entry) => entry.suricataManagement)],
    ['zeek-control', perNic((entry) => entry.zeekControl)],
    ['zeek', layout.zeek],
    ['zeek-idle', perNic((entry) => entry.zeekIdle)],
    ['suricata', layout.suricata],
  ];
}
