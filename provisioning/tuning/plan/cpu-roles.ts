// The role of every planned CPU, read back from a layout: what the core map draws and what checks compare.
// Per-NIC lists hold the roles the top-level unions leave out (Zeek's idle siblings and control cores,
// Suricata's management cores). In a shared layout the workers and interrupts all sit on the shared CPUs, so
// those are a single role.
import type { CpuLayout } from './host-tuning-plan.ts';

export type CpuRole = 'housekeeping' | 'shared' | 'irq' | 'zeek' | 'zeek-idle' | 'zeek-control' | 'suricata' | 'suricata-management';

/** CPUs by role, in a fixed order, each CPU in one role; CPUs of no role are the layout's `unused`. */
export function cpusByRole(layout: CpuLayout): [CpuRole, number[]][] {
  const shared = layout.shared ?? [];
  if (shared.length > 0) {
    // A housekeeping core that shares too (a single-core host) counts as shared.
    const inShared = new Set(shared);
    return [
      ['housekeeping', layout.housekeeping.filter((cpu) => !inShared.has(cpu))],
      ['shared', shared],
    ];
  }
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
