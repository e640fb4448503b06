import { describe, expect, it } from 'vitest';
import { cpuFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import type { CpuInventory } from '../../inventory/host-inventory.ts';
import type { NicCoreDemand } from './plan-cpu-layout.ts';
import { planLayout } from './plan-layout.ts';

const XEON = cpuFromFixture('xeon-e5-2697v4-2s');
const FOUR: Pick<CpuInventory, 'vendor' | 'sockets' | 'onlineCpus' | 'numaNodes' | 'smtSiblings'> = {
  vendor: 'GenuineIntel',
  sockets: 1,
  onlineCpus: [0, 1, 2, 3],
  numaNodes: [{ id: 0, cpus: [0, 1, 2, 3], memoryBytes: null }],
  smtSiblings: [[0], [1], [2], [3]],
};
const both = (nic: string, numaNode: number, workers?: NicCoreDemand['workers']): NicCoreDemand => ({
  nic,
  numaNode,
  engines: ['zeek', 'suricata'],
  irq: { kind: 'dedicated', cores: 1 },
  ...(workers === undefined ? {} : { workers }),
});
const request = (cpu: typeof FOUR, nics: NicCoreDemand[], sharedCores = 0) => ({ host: 'kit', cpu, nics, sharedCores, sharedFor: 'the server role' });

describe('planLayout', () => {
  it('exclusive whenever it fits, with no warning', () => {
    const choice = planLayout(request(XEON, [both('cap0', 1)]));
    expect(choice).toMatchObject({ mode: 'exclusive', warning: null });
    expect(choice.layout.shared).toEqual([]);
  });

  it('shared for the whole host when a node is too small, the warning first and the shortfall after', () => {
    const choice = planLayout(request(FOUR, [both('cap0', 0)]));
    expect(choice.mode).toBe('shared');
    expect(choice.warning).toBe(
      'shared layout: kit has 3 physical cores for capture on NUMA node 0 (an exclusive layout needs 5); ' +
        'Zeek, Suricata and interrupts share CPUs 1-3 — expect drops under load. Waive role-resources only for labs and small kits.',
    );
    expect(choice.notes[0]).toBe(
      'no exclusive layout: kit: cap0 on NUMA node 0 has 3 physical cores after housekeeping; it needs at least 5: ' +
        '1 for interrupts, 2 for Zeek (manager/logger/proxy + 1 worker), 2 for Suricata (management + 1 worker core)',
    );
  });

  it('cores kept for other roles count against the exclusive layout, and the shortfall names them', () => {
    const eight = { ...FOUR, onlineCpus: [0, 1, 2, 3, 4, 5, 6, 7], numaNodes: [{ id: 0, cpus: [0, 1, 2, 3, 4, 5, 6, 7], memoryBytes: null }], smtSiblings: [[0], [1], [2], [3], [4], [5], [6], [7]] };
    expect(planLayout(request(eight, [both('cap0', 0)])).mode).toBe('exclusive');
    const choice = planLayout(request(eight, [both('cap0', 0)], 4));
    expect(choice.mode).toBe('shared');
    expect(choice.notes[0]).toMatch(/has 3 physical cores after housekeeping and the cores kept for the server role; it needs at least 5/);
  });

  it('worker counts a big enough host cannot hold are refused, not turned into a shared layout', () => {
    expect(() => planLayout(request(XEON, [both('cap0', 1, { zeek: 20 })]))).toThrow(/^kit: cap0 on NUMA node 1 has 18 physical cores; it needs at least 24: /);
  });
});
