import { describe, expect, it } from 'vitest';
import { cpuFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import { readCoreTopology } from './core-topology.ts';

describe('readCoreTopology', () => {
  it('two-socket Xeon: 18 cores per node, siblings n and n+36', () => {
    const { nodes, unplaced } = readCoreTopology(cpuFromFixture('xeon-e5-2697v4-2s'));
    expect(nodes.map((node) => [node.id, node.cores.length, node.cpus.length])).toEqual([
      [0, 18, 36],
      [1, 18, 36],
    ]);
    expect(nodes[1]?.cores[0]).toEqual({ node: 1, cpus: [18, 54] });
    expect(unplaced).toEqual([]);
  });

  it('reads a careless inventory defensively: offline CPUs dropped, a group across nodes split, strays become cores', () => {
    const { nodes, unplaced } = readCoreTopology({
      onlineCpus: [0, 1, 2, 3, 5, 6],
      numaNodes: [
        { id: 1, cpus: [2, 3, 7], memoryBytes: null },
        { id: 0, cpus: [0, 1, 4], memoryBytes: null },
      ],
      smtSiblings: [[0, 4], [1, 2], [3, 7]],
    });
    expect(nodes).toEqual([
      { id: 0, cpus: [0, 1], cores: [{ node: 0, cpus: [0] }, { node: 0, cpus: [1] }] },
      { id: 1, cpus: [2, 3], cores: [{ node: 1, cpus: [2] }, { node: 1, cpus: [3] }] },
    ]);
    expect(unplaced).toEqual([5, 6]);
  });

  it('no NUMA information: one node 0 with every online CPU', () => {
    const { nodes } = readCoreTopology({ onlineCpus: [0, 1], numaNodes: [], smtSiblings: [[0, 1]] });
    expect(nodes).toEqual([{ id: 0, cpus: [0, 1], cores: [{ node: 0, cpus: [0, 1] }] }]);
  });
});
