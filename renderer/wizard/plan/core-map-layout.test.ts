import { describe, expect, it } from 'vitest';
import type { CpuLayoutView } from '../../../provisioning/contract/host-plan.ts';
import { coreMapLayout, GEOMETRY } from './core-map-layout.ts';

/** Two nodes of 4 SMT cores (siblings n and n+8), the capture NIC on node 1. */
const view: CpuLayoutView = {
  mode: 'exclusive',
  nodes: [
    { id: 0, cores: [[0, 8], [1, 9], [2, 10], [3, 11]] },
    { id: 1, cores: [[4, 12], [5, 13], [6, 14], [7, 15]] },
  ],
  roles: [
    { role: 'housekeeping', cpus: [0, 8] },
    { role: 'irq', cpus: [4, 12] },
    { role: 'zeek', cpus: [5, 6] },
    { role: 'zeek-idle', cpus: [13, 14] },
    { role: 'suricata', cpus: [7, 15] },
  ],
  nics: [{ nic: 'ens1f0', numaNode: 1 }],
};

const within = (inner: { x: number; y: number; w: number; h: number }, outer: { x: number; y: number; w: number; h: number }) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

describe('coreMapLayout', () => {
  const layout = coreMapLayout(view, [{ name: 'eno1', numaNode: 0, kind: 'management' }]);

  it('draws every CPU once, in its core, in its node, with its role (unused when it has none)', () => {
    const cells = layout.nodes.flatMap((n) => n.cores.flatMap((c) => c.cells));
    expect(cells.map((c) => c.cpu).sort((a, b) => a - b)).toEqual([...Array(16).keys()]);
    expect(layout.cpuCount).toBe(16);
    expect(layout.coreCount).toBe(8);
    const role = (cpu: number) => cells.find((c) => c.cpu === cpu)?.role;
    expect([role(0), role(4), role(5), role(13), role(15), role(1)]).toEqual(['housekeeping', 'irq', 'zeek', 'zeek-idle', 'suricata', 'unused']);
    for (const node of layout.nodes) {
      for (const core of node.cores) {
        expect(within(core, node)).toBe(true);
        for (const cell of core.cells) expect(within(cell, core)).toBe(true);
      }
    }
  });

  it('groups SMT siblings side by side in one core, and nodes side by side without overlapping', () => {
    const core = layout.nodes[0]!.cores[0]!;
    expect(core.cells.map((c) => c.cpu)).toEqual([0, 8]);
    expect(core.cells[1]!.x).toBeGreaterThan(core.cells[0]!.x);
    expect(core.cells[1]!.y).toBe(core.cells[0]!.y);
    const [a, b] = layout.nodes;
    expect(b!.x).toBeGreaterThanOrEqual(a!.x + a!.w + GEOMETRY.nodeGap);
    expect(layout.width).toBe(b!.x + b!.w);
  });

  it('hangs each NIC under its node: the capture NIC on node 1, the management NIC on node 0', () => {
    const [n0, n1] = layout.nodes;
    expect(n0!.nics.map((n) => [n.name, n.kind])).toEqual([['eno1', 'management']]);
    expect(n1!.nics.map((n) => [n.name, n.kind])).toEqual([['ens1f0', 'capture']]);
    expect(n1!.nics[0]!.y).toBeGreaterThan(n1!.y + n1!.h);
    expect(layout.height).toBe(n1!.nics[0]!.y + n1!.nics[0]!.h);
  });

  it('lists in the legend only the roles drawn, with their counts, unused last', () => {
    expect(layout.legend.map((l) => [l.role, l.count])).toEqual([
      ['housekeeping', 2],
      ['irq', 2],
      ['zeek', 2],
      ['zeek-idle', 2],
      ['suricata', 2],
      ['unused', 6],
    ]);
    expect(new Set(layout.legend.map((l) => l.family))).toEqual(new Set(['housekeeping', 'irq', 'zeek', 'suricata', 'unused']));
  });

  it('wraps a big node into balanced rows, and stacks nodes two to a row; a NIC of unknown node goes to the first', () => {
    const big: CpuLayoutView = {
      mode: 'shared',
      nodes: [0, 1, 2].map((id) => ({ id, cores: Array.from({ length: 18 }, (_, i) => [id * 18 + i]) })),
      roles: [{ role: 'shared', cpus: [20, 21] }],
      nics: [],
    };
    const drawn = coreMapLayout(big, [{ name: 'mgmt0', numaNode: null, kind: 'management' }]);
    const rows = new Set(drawn.nodes[0]!.cores.map((c) => c.y));
    expect(rows.size).toBe(2); // 18 cores: two rows of 9, not 12 and 6
    expect(drawn.nodes[2]!.y).toBeGreaterThan(drawn.nodes[0]!.y);
    expect(drawn.nodes[2]!.x).toBe(drawn.nodes[0]!.x);
    expect(drawn.nodes[0]!.nics).toMatchObject([{ name: 'mgmt0', nodeKnown: false }]);
    // No NIC band under the last row: nothing hangs there.
    expect(drawn.height).toBe(drawn.nodes[2]!.y + drawn.nodes[2]!.h);
  });
  it('places a NIC of unknown node without a question mark when the host has one node: there is nowhere else it could be', () => {
    const one: CpuLayoutView = { mode: 'shared', nodes: [{ id: 0, cores: [[0], [1]] }], roles: [{ role: 'shared', cpus: [1] }], nics: [{ nic: 'cap0', numaNode: 0 }] };
    const drawn = coreMapLayout(one, [{ name: 'mgmt0', numaNode: null, kind: 'management' }]);
    expect(drawn.nodes[0]!.nics.map((n) => [n.name, n.nodeKnown])).toEqual([['cap0', true], ['mgmt0', true]]);
  });
});
