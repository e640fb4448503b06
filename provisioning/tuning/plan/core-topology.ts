// Physical cores per NUMA node, from the inventory's CPU facts. The layout hands out whole cores, so this is the
// unit everything else counts in. Only online CPUs that a node claims are planned; the inventory comes from the
// host, so it is read defensively (a sibling group spanning nodes or listing offline CPUs is split or trimmed).
import type { CpuInventory } from '../../inventory/host-inventory.ts';

export interface PhysicalCore {
  node: number;
  /** Logical CPUs of the core, ascending; the first is where a one-thread-per-core worker goes. */
  cpus: number[];
}

export interface NodeCores {
  id: number;
  cpus: number[];
  /** Ascending by first CPU. */
  cores: PhysicalCore[];
}

export interface CoreTopology {
  /** Nodes with at least one online CPU, ascending by id. */
  nodes: NodeCores[];
  /** Online CPUs that no NUMA node lists: left out of the plan. */
  unplaced: number[];
}

export type CpuFacts = Pick<CpuInventory, 'onlineCpus' | 'numaNodes' | 'smtSiblings'>;

export function readCoreTopology(cpu: CpuFacts): CoreTopology {
  const online = new Set(cpu.onlineCpus);
  const nodeOf = new Map<number, number>();
  const numaNodes = cpu.numaNodes.length > 0 ? [...cpu.numaNodes].sort((a, b) => a.id - b.id) : [{ id: 0, cpus: cpu.onlineCpus }];
  for (const node of numaNodes) {
    for (const id of node.cpus) if (online.has(id) && !nodeOf.has(id)) nodeOf.set(id, node.id);
  }

  const cores: PhysicalCore[] = [];
  const placed = new Set<number>();
  for (const group of cpu.smtSiblings) {
    const byNode = new Map<number, number[]>();
    for (const id of group) {
      const node = nodeOf.get(id);
      if (node === undefined || placed.has(id)) continue;
      placed.add(id);
      byNode.set(node, [...(byNode.get(node) ?? []), id]);
    }
    for (const [node, ids] of byNode) cores.push({ node, cpus: ids.sort((a, b) => a - b) });
  }
  // A CPU without a sibling group is a core of its own.
  for (const [id, node] of nodeOf) if (!placed.has(id)) cores.push({ node, cpus: [id] });

  const nodes: NodeCores[] = [];
  for (const id of [...new Set(nodeOf.values())].sort((a, b) => a - b)) {
    const nodeCores = cores.filter((core) => core.node === id).sort((a, b) => a.cpus[0]! - b.cpus[0]!);
    nodes.push({ id, cpus: nodeCores.flatMap((core) => core.cpus).sort((a, b) => a - b), cores: nodeCores });
  }
  const unplaced = cpu.onlineCpus.filter((id) => !nodeOf.has(id)).sort((a, b) => a - b);
  return { nodes, unplaced };
}
