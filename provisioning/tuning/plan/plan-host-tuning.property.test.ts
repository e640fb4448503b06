import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CpuInventory, Nic } from '../../inventory/host-inventory.ts';
import { bareMetalInventory, nicFromFixture, type NicFixture } from '../../../test/fixtures/fixture-inventory.ts';
import type { CaptureAssignment, CaptureEngine, HostRole, HostTuningPlan, SensorHostInput } from './host-tuning-plan.ts';
import { planHostTuning } from './plan-host-tuning.ts';

interface Topology {
  vendor: string;
  nodes: number;
  coresPerNode: number;
  threadsPerCore: number;
  /** Siblings numbered side by side (0,1) rather than a socket-width apart (0,36). */
  adjacentSiblings: boolean;
  offline: number[];
}

function cpuOf(topology: Topology): CpuInventory {
  const cores = topology.nodes * topology.coresPerNode;
  const total = cores * topology.threadsPerCore;
  const offline = new Set(topology.offline.filter((cpu) => cpu > 0 && cpu < total));
  const coreCpus = (core: number) =>
    Array.from({ length: topology.threadsPerCore }, (_, thread) => (topology.adjacentSiblings ? core * topology.threadsPerCore + thread : core + thread * cores));
  const all = Array.from({ length: cores }, (_, core) => coreCpus(core));
  const online = all.flat().filter((cpu) => !offline.has(cpu)).sort((a, b) => a - b);
  return {
    model: 'synthetic',
    vendor: topology.vendor,
    sockets: 1,
    cores,
    threads: online.length,
    threadsPerCore: topology.threadsPerCore,
    onlineCpus: online,
    // Node lists keep offline CPUs, as a careless source might: the planner must not hand them out.
    numaNodes: Array.from({ length: topology.nodes }, (_, node) => ({
      id: node,
      cpus: all.slice(node * topology.coresPerNode, (node + 1) * topology.coresPerNode).flat().sort((a, b) => a - b),
      memoryBytes: null,
    })),
    smtSiblings: all.map((group) => group.filter((cpu) => !offline.has(cpu))).filter((group) => group.length > 0),
    virtualizationFlags: [],
  };
}

const MODELS: NicFixture[] = ['intel-x710-i40e', 'intel-82599-ixgbe', 'intel-e810-ice', 'mellanox-cx5-mlx5', 'virtio-net', 'veth'];

interface NicChoice {
  model: NicFixture;
  node: number | null;
  engines: CaptureEngine[];
  speedMbps: number | null;
  combinedMax: number | null;
  workers: { zeek?: number; suricata?: number } | null;
}

const nicChoice = (maxNode: number, explicitWorkers: boolean): fc.Arbitrary<NicChoice> =>
  fc.record({
    model: fc.constantFrom(...MODELS),
    node: fc.option(fc.integer({ min: 0, max: maxNode }), { freq: 5 }),
    engines: fc.subarray<CaptureEngine>(['zeek', 'suricata'], { minLength: 1 }),
    speedMbps: fc.constantFrom(null, 1000, 10000, 25000, 40000, 100000),
    combinedMax: fc.constantFrom(null, 1, 8, 16, 63, 64),
    workers: explicitWorkers
      ? fc.option(fc.record({ zeek: fc.integer({ min: 1, max: 6 }), suricata: fc.integer({ min: 1, max: 12 }) }, { requiredKeys: [] }))
      : fc.constant(null),
  });

function nicOf(choice: NicChoice, index: number, nodes: number): Nic {
  const nic = nicFromFixture(choice.model, `cap${index}`, { numaNode: choice.node === null ? null : choice.node % nodes, speedMbps: choice.speedMbps, mtu: 1500 });
  if (choice.combinedMax === null || nic.kind === 'veth') return nic;
  const counts = { rx: null, tx: null, other: 1, combined: choice.combinedMax };
  return { ...nic, channels: { max: counts, current: counts } };
}

function inputOf(topology: Topology, choices: NicChoice[], roles: HostRole[], extra: { virtualization: string; kernel: string; sriov: boolean }): SensorHostInput {
  const nics = choices.map((choice, index) => nicOf(choice, index, topology.nodes));
  const capture: CaptureAssignment[] = choices.map((choice, index) => {
    const workers = choice.workers === null ? undefined : Object.fromEntries(Object.entries(choice.workers).filter(([engine]) => choice.engines.includes(engine as CaptureEngine)));
    return { nic: `cap${index}`, engines: choice.engines, ...(workers === undefined ? {} : { workers }) };
  });
  const inventory = bareMetalInventory({
    cpu: cpuOf(topology),
    nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), ...nics],
    virtualization: extra.virtualization,
    os: { kernel: extra.kernel },
  });
  return { host: 'prop-host', inventory, roles: ['sensor', ...roles], capture, sriov: extra.sriov };
}

function checkPlan(input: SensorHostInput, plan: HostTuningPlan): void {
  const { layout } = plan;
  const online = new Set(input.inventory.cpu.onlineCpus);
  const perNic = (pick: (entry: HostTuningPlan['layout']['perNic'][number]) => number[]) => layout.perNic.flatMap(pick).sort((a, b) => a - b);
  // The top-level unions are the per-NIC lists, merged.
  expect(layout.irq).toEqual(perNic((entry) => entry.irq));
  expect(layout.zeek).toEqual(perNic((entry) => entry.zeekWorkers));
  expect(layout.suricata).toEqual(perNic((entry) => entry.suricataWorkers));
  const roles = [
    layout.housekeeping,
    layout.irq,
    layout.zeek,
    perNic((entry) => entry.zeekIdle),
    perNic((entry) => entry.zeekControl),
    layout.suricata,
    perNic((entry) => entry.suricataManagement),
    layout.unused,
  ];
  const all = roles.flat();
  // Roles never overlap, and together they cover every planned CPU.
  expect(new Set(all).size).toBe(all.length);
  const planned = layout.nodes.flatMap((node) => node.cpus);
  expect(new Set(all)).toEqual(new Set(planned));
  // Every planned CPU exists and is online.
  expect(planned.every((cpu) => online.has(cpu))).toBe(true);
  expect(layout.housekeeping).toContain(Math.min(...online));

  const nodeOf = new Map(layout.nodes.flatMap((node) => node.cpus.map((cpu) => [cpu, node.id] as const)));
  const nicNodes = new Set(layout.perNic.map((entry) => entry.numaNode));
  const vendorAmd = input.inventory.cpu.vendor === 'AuthenticAMD' && layout.nodes.length > 1;
  for (const entry of layout.perNic) {
    const tuning = plan.nics.find((nic) => nic.nic === entry.nic);
    expect(tuning?.numaNode).toBe(entry.numaNode);
    const sensors = [...entry.zeekWorkers, ...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement];
    expect(sensors.length).toBeGreaterThan(0);
    // Interrupts are always served on the NIC's own node, never on CPU 0.
    for (const cpu of [...entry.irq, ...(tuning?.irqCpus ?? [])]) expect(nodeOf.get(cpu)).toBe(entry.numaNode);
    expect(tuning?.irqCpus).not.toContain(0);
    const sensorNodes = new Set(sensors.map((cpu) => nodeOf.get(cpu)));
    const local = sensorNodes.size === 1 && sensorNodes.has(entry.numaNode);
    if (vendorAmd) {
      // The AMD rule: on the NIC's node (when no other node is left), or only on nodes without a capture NIC.
      expect(local || [...sensorNodes].every((node) => node !== undefined && !nicNodes.has(node))).toBe(true);
    } else {
      expect(local).toBe(true);
    }
  }
  for (const nic of plan.nics) {
    const source = input.inventory.nics.find((candidate) => candidate.name === nic.nic)!;
    for (const feature of nic.offloadsOff) expect(source.offloads?.[feature]?.fixed).toBe(false);
    if (nic.channels !== null) {
      expect(nic.channels.count).toBeGreaterThanOrEqual(1);
      expect(nic.channels.count).toBeLessThanOrEqual(source.channels?.max[nic.channels.kind] ?? 0);
    }
    if (nic.rings !== null) expect(nic.rings.rx).toBeLessThanOrEqual(Math.min(1024, source.rings?.max.rx ?? 0));
    if (source.kind === 'veth') expect(nic.irqCpus).toEqual([]);
    else expect(nic.irqCpus.length).toBeGreaterThan(0);
  }
}

const topology = (minCores: number): fc.Arbitrary<Topology> =>
  fc.record({
    vendor: fc.constantFrom('GenuineIntel', 'AuthenticAMD'),
    nodes: fc.integer({ min: 1, max: 8 }),
    coresPerNode: fc.integer({ min: minCores, max: Math.max(minCores, 24) }),
    threadsPerCore: fc.constantFrom(1, 2),
    adjacentSiblings: fc.boolean(),
    offline: fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 4 }),
  });

const extras = fc.record({
  virtualization: fc.constantFrom('none', 'kvm', 'systemd-nspawn'),
  kernel: fc.constantFrom('6.1.0-18-amd64', '6.8.0-31-generic'),
  sriov: fc.boolean(),
});
const coRoles = fc.subarray<HostRole>(['server', 'data', 'agent']);

describe('planHostTuning over random topologies', () => {
  it('either refuses, naming the host, or hands out each online CPU to exactly one role, NUMA-locally', () => {
    fc.assert(
      fc.property(
        topology(1).chain((t) => fc.tuple(fc.constant(t), fc.array(nicChoice(t.nodes - 1, true), { minLength: 1, maxLength: 3 }))),
        coRoles,
        extras,
        ([t, choices], roles, extra) => {
          const input = inputOf(t, choices, roles, extra);
          let plan: HostTuningPlan;
          try {
            plan = planHostTuning(input);
          } catch (error) {
            expect((error as Error).message).toMatch(/^prop-host: .*needs? at least \d+/);
            return;
          }
          checkPlan(input, plan);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never refuses a host with 20 or more cores per node when the workers are left to the planner', () => {
    fc.assert(
      fc.property(
        topology(20).chain((t) => fc.tuple(fc.constant(t), fc.array(nicChoice(t.nodes - 1, false), { minLength: 1, maxLength: 3 }))),
        coRoles,
        extras,
        ([t, choices], roles, extra) => {
          const input = inputOf(t, choices, roles, extra);
          checkPlan(input, planHostTuning(input));
        },
      ),
      { numRuns: 150 },
    );
  });
});
