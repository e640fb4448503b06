import { describe, expect, it } from 'vitest';
import { cpuFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import type { CpuLayout } from './host-tuning-plan.ts';
import { planCpuLayout, type NicCoreDemand } from './plan-cpu-layout.ts';

const XEON = cpuFromFixture('xeon-e5-2697v4-2s');
const EPYC = cpuFromFixture('epyc-7601-2s');
const both = (nic: string, numaNode: number, irqCores = 1): NicCoreDemand => ({
  nic,
  numaNode,
  engines: ['zeek', 'suricata'],
  irq: { kind: 'dedicated', cores: irqCores },
});
const request = (cpu = XEON, nics: NicCoreDemand[], sharedCores = 0) => ({ host: 'sensor-1', cpu, nics, sharedCores, sharedFor: 'the server role' });

function sensorCpus(layout: CpuLayout, nic: string): number[] {
  const entry = layout.perNic.find((candidate) => candidate.nic === nic)!;
  return [...entry.zeekWorkers, ...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement];
}

const nodeCpus = (cpu: typeof XEON, ids: number[]) => cpu.numaNodes.filter((node) => ids.includes(node.id)).flatMap((node) => node.cpus);

describe('planCpuLayout', () => {
  it('two NICs on one node split its cores evenly, each with its own IRQ, management and control cores', () => {
    const { layout } = planCpuLayout(request(XEON, [both('cap0', 1), both('cap1', 1)]));
    const [a, b] = layout.perNic;
    expect(a?.irq).toEqual([19, 55]);
    expect(b?.suricataManagement).toHaveLength(2);
    // 18 cores: 2 × (management + IRQ + control) = 6, then 12 worker cores, 6 per NIC, 3 Zeek + 3 Suricata each.
    expect([a?.zeekWorkers.length, a?.suricataWorkers.length, b?.zeekWorkers.length, b?.suricataWorkers.length]).toEqual([3, 6, 3, 6]);
    expect(layout.unused.filter((cpu) => nodeCpus(XEON, [1]).includes(cpu))).toEqual([]);
  });

  it('too small a node for two NICs: one message with each NIC\'s share', () => {
    const tiny = { ...XEON, numaNodes: XEON.numaNodes.map((node) => (node.id === 1 ? { ...node, cpus: [18, 19, 20, 21, 54, 55, 56, 57] } : node)) };
    expect(() => planCpuLayout(request(tiny, [both('cap0', 1), both('cap1', 1)]))).toThrow(
      'sensor-1: NUMA node 1 has 4 physical cores; its capture NICs need at least 10. ' +
        'cap0: 1 for interrupts, 2 for Zeek (manager/logger/proxy + 1 worker), 2 for Suricata (management + 1 worker core). ' +
        'cap1: 1 for interrupts, 2 for Zeek (manager/logger/proxy + 1 worker), 2 for Suricata (management + 1 worker core).',
    );
  });

  it('cores kept for co-located roles come from a node without capture first', () => {
    const { layout } = planCpuLayout(request(XEON, [both('cap0', 1)], 4));
    expect(sensorCpus(layout, 'cap0')).toHaveLength(34);
    expect(layout.unused.filter((cpu) => nodeCpus(XEON, [1]).includes(cpu))).toEqual([]);
  });

  it('AMD with two NICs: each keeps its interrupts at home and gets the nearest other nodes, dealt in turn', () => {
    const { layout, notes } = planCpuLayout(request(EPYC, [both('cap0', 0), both('cap1', 4)]));
    expect(layout.perNic[0]?.irq.every((cpu) => nodeCpus(EPYC, [0]).includes(cpu))).toBe(true);
    expect(layout.perNic[1]?.irq.every((cpu) => nodeCpus(EPYC, [4]).includes(cpu))).toBe(true);
    expect(sensorCpus(layout, 'cap0').every((cpu) => nodeCpus(EPYC, [1, 2, 3]).includes(cpu))).toBe(true);
    expect(sensorCpus(layout, 'cap1').every((cpu) => nodeCpus(EPYC, [5, 6, 7]).includes(cpu))).toBe(true);
    expect(notes.join('\n')).toMatch(/cap1: AMD multi-node layout, interrupts on node 4 and sensors on NUMA nodes 5-7/);
  });

  it('AMD with a NIC on every node: everything stays on each NIC\'s node, and the note says why', () => {
    const nics = EPYC.numaNodes.map((node) => both(`cap${node.id}`, node.id));
    const { layout, notes } = planCpuLayout(request(EPYC, nics));
    for (const node of EPYC.numaNodes) expect(sensorCpus(layout, `cap${node.id}`).every((cpu) => node.cpus.includes(cpu))).toBe(true);
    expect(notes).toContain("AMD multi-node host, but every NUMA node has a capture NIC: each NIC's sensors stay on its own node");
  });

  it('no capture: nothing pinned, not even housekeeping', () => {
    const { layout } = planCpuLayout(request(XEON, []));
    expect(layout.housekeeping).toEqual([]);
    expect(layout.unused).toHaveLength(72);
  });
});
