// Which NUMA node a capture NIC hangs off. sysfs says -1 (null in the inventory) when the firmware gives no
// proximity information; then the NIC's local_cpulist may still point at one node, and otherwise the planner
// assumes node 0 and says so, because on a multi-node host a wrong guess costs cross-node memory traffic.
import type { Nic } from '../../inventory/host-inventory.ts';
import type { NodeCores } from './core-topology.ts';

export interface NicNode {
  node: number;
  note: string | null;
}

export function resolveNicNode(nic: Pick<Nic, 'name' | 'numaNode' | 'localCpus'>, nodes: readonly NodeCores[]): NicNode {
  const first = nodes[0];
  if (first === undefined) throw new Error('no NUMA node with online CPUs');
  if (nic.numaNode !== null && nodes.some((node) => node.id === nic.numaNode)) return { node: nic.numaNode, note: null };
  if (nodes.length === 1) {
    const note = nic.numaNode === null ? null : `${nic.name}: sysfs puts it on NUMA node ${nic.numaNode}, which has no online CPUs; using node ${first.id}`;
    return { node: first.id, note };
  }

  const why = nic.numaNode === null ? 'reports no NUMA node' : `sits on NUMA node ${nic.numaNode}, which has no online CPUs`;
  const local = new Set(nic.localCpus ?? []);
  const holders = nodes.filter((node) => node.cpus.some((cpu) => local.has(cpu)));
  if (holders.length === 1 && holders[0] !== undefined) {
    return { node: holders[0].id, note: `${nic.name} ${why}; its local_cpulist lies on node ${holders[0].id}, so that node serves it` };
  }
  return {
    node: first.id,
    note:
      `${nic.name} ${why} on a ${nodes.length}-node host; assuming node ${first.id}. ` +
      `If the BIOS can report device locality (ACPI SRAT/SLIT, "NUMA proximity"), turn it on and re-run the inventory`,
  };
}
