/**
 * A host's planned CPU layout as the contract sends it: its NUMA nodes and cores, each CPU's role (cpusByRole,
 * the same reading `picket plan`'s core map draws from), and the capture NICs at their nodes. A face draws its
 * own picture from this, never by parsing the text map.
 */
import type { CpuLayoutView } from '../contract/host-plan.ts';
import { cpusByRole } from '../tuning/plan/cpu-roles.ts';
import type { HostTuningPlan } from '../tuning/plan/host-tuning-plan.ts';

export function cpuLayoutView(plan: HostTuningPlan): CpuLayoutView {
  const { layout } = plan;
  return {
    mode: plan.layoutMode ?? 'exclusive',
    // Plans written by hand may lack `cores`: then every CPU is a core of its own.
    nodes: layout.nodes.map((node) => ({ id: node.id, cores: node.cores ?? node.cpus.map((cpu) => [cpu]) })),
    roles: cpusByRole(layout)
      .filter(([, cpus]) => cpus.length > 0)
      .map(([role, cpus]) => ({ role, cpus })),
    nics: layout.perNic.map((entry) => ({ nic: entry.nic, numaNode: entry.numaNode })),
  };
}
