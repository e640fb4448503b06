import { describe, expect, it } from 'vitest';
import { resolveNicNode } from './resolve-nic-node.ts';
import type { NodeCores } from './core-topology.ts';

const node = (id: number, cpus: number[]): NodeCores => ({ id, cpus, cores: cpus.map((cpu) => ({ node: id, cpus: [cpu] })) });
const TWO = [node(0, [0, 1]), node(1, [2, 3])];

describe('resolveNicNode', () => {
  it('takes the node sysfs reports', () => {
    expect(resolveNicNode({ name: 'cap0', numaNode: 1, localCpus: null }, TWO)).toEqual({ node: 1, note: null });
  });

  it('single node: -1 means that node, nothing to say', () => {
    expect(resolveNicNode({ name: 'cap0', numaNode: null, localCpus: null }, [node(0, [0, 1])])).toEqual({ node: 0, note: null });
  });

  it('unknown node, local_cpulist on one node: that node, with a note', () => {
    const resolved = resolveNicNode({ name: 'cap0', numaNode: null, localCpus: [2, 3] }, TWO);
    expect(resolved.node).toBe(1);
    expect(resolved.note).toMatch(/local_cpulist lies on node 1/);
  });

  it('unknown node, local_cpulist spanning nodes: node 0, with a warning-worthy note', () => {
    const resolved = resolveNicNode({ name: 'cap0', numaNode: null, localCpus: [0, 1, 2, 3] }, TWO);
    expect(resolved).toEqual({ node: 0, note: expect.stringMatching(/^cap0 reports no NUMA node on a 2-node host; assuming node 0/) });
  });

  it('a node without online CPUs is not a place for interrupts', () => {
    expect(resolveNicNode({ name: 'cap0', numaNode: 3, localCpus: null }, TWO).note).toMatch(/NUMA node 3, which has no online CPUs/);
  });
});
