import fc from 'fast-check';
import { cpusByRole } from './cpu-roles.ts';
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
  // The top-level unions are the per-NIC lists, merged (NICs of a shared layout list the same CPUs).
  const perNic = (pick: (entry: HostTuningPlan['layout']['perNic'][number]) => number[]) => [...new Set(layout.perNic.flatMap(pick))].sort((a, b) => a - b);
  expect(layout.irq).toEqual(perNic((entry) => entry.irq));
  expect(layout.zeek).toEqual(perNic((entry) => entry.zeekWorkers));
  expect(layout.suricata).toEqual(perNic((entry) => entry.suricataWorkers));
  // Every planned CPU exists and is online, and every CPU the plan names is a planned one.
  const planned = layout.nodes.flatMap((node) => node.cpus);
  expect(planned.every((cpu) => online.has(cpu))).toBe(true);
  const known = new Set(planned);
  const named = [
    ...layout.housekeeping,
    ...(layout.shared ?? []),
    ...layout.irq,
    ...layout.zeek,
    ...layout.suricata,
    ...layout.unused,
    ...layout.perNic.flatMap((entry) => [...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataManagement]),
    ...plan.nics.flatMap((nic) => nic.irqCpus),
  ];
  expect(named.filter((cpu) => !known.has(cpu))).toEqual([]);
  expect(layout.housekeeping).toContain(Math.min(...online));

  for (const entry of layout.perNic) {
    const tuning = plan.nics.find((nic) => nic.nic === entry.nic);
    expect(tuning?.numaNode).toBe(entry.numaNode);
    expect([...entry.zeekWorkers, ...entry.suricataWorkers].length).toBeGreaterThan(0);
    // CPU 0 never takes a capture NIC's interrupts, unless it is the only CPU there is.
    if (planned.length > 1) expect(tuning?.irqCpus).not.toContain(0);
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
  if (plan.layoutMode === 'shared') checkShared(plan, planned);
  else checkExclusive(input, plan, planned);
}

/** Exclusive layout: each planned CPU in exactly one role, and everything NUMA-local (or AMD-split). */
function checkExclusive(input: SensorHostInput, plan: HostTuningPlan, planned: number[]): void {
  const { layout } = plan;
  expect(plan.layoutMode).toBe('exclusive');
  expect(layout.shared).toEqual([]);
  expect(plan.notes[0]).not.toMatch(/^shared layout/);
  const roles = [...cpusByRole(layout).map(([, cpus]) => cpus), layout.unused];
  const all = roles.flat();
  // Roles never overlap, and together they cover every planned CPU.
  expect(new Set(all).size).toBe(all.length);
  expect(new Set(all)).toEqual(new Set(planned));

  const nodeOf = new Map(layout.nodes.flatMap((node) => node.cpus.map((cpu) => [cpu, node.id] as const)));
  const nicNodes = new Set(layout.perNic.map((entry) => entry.numaNode));
  const vendorAmd = input.inventory.cpu.vendor === 'AuthenticAMD' && layout.nodes.length > 1;
  for (const entry of layout.perNic) {
    const tuning = plan.nics.find((nic) => nic.nic === entry.nic);
    const sensors = [...entry.zeekWorkers, ...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement];
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
}

/** Shared layout: workers and interrupts overlap on the shared CPUs by design; nothing is isolated. */
function checkShared(plan: HostTuningPlan, planned: number[]): void {
  const { layout } = plan;
  const shared = new Set(layout.shared ?? []);
  expect(shared.size).toBeGreaterThan(0);
  expect(plan.notes[0]).toMatch(/^shared layout: prop-host has \d+ physical cores? for capture on NUMA nodes? [\d,-]+ \(an exclusive layout needs \d+\); .* share CPUs? [\d,-]+ — expect drops under load\./);
  // Housekeeping, shared and unused cover the planned CPUs; housekeeping shares only on a single-core host.
  const cores = layout.nodes.flatMap((node) => node.cores ?? []);
  expect(new Set([...layout.housekeeping, ...shared, ...layout.unused])).toEqual(new Set(planned));
  expect(layout.unused.filter((cpu) => shared.has(cpu) || layout.housekeeping.includes(cpu))).toEqual([]);
  if (cores.length > 1) expect(layout.housekeeping.filter((cpu) => shared.has(cpu))).toEqual([]);
  else expect(layout.housekeeping.every((cpu) => shared.has(cpu))).toBe(true);

  const coreOf = new Map(cores.flatMap((core, index) => core.map((cpu) => [cpu, index] as const)));
  const nodeOf = new Map(layout.nodes.flatMap((node) => node.cpus.map((cpu) => [cpu, node.id] as const)));
  for (const entry of layout.perNic) {
    for (const cpu of [...entry.irq, ...entry.zeekWorkers, ...entry.suricataWorkers]) expect(shared.has(cpu)).toBe(true);
    expect([...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataManagement]).toEqual([]);
    // One Zeek worker per physical core.
    expect(new Set(entry.zeekWorkers.map((cpu) => coreOf.get(cpu))).size).toBe(entry.zeekWorkers.length);
    // Interrupts stay NUMA-local whenever the NIC's node has a CPU for them.
    if (entry.irq.some((cpu) => nodeOf.get(cpu) === entry.numaNode)) expect(entry.irq.every((cpu) => nodeOf.get(cpu) === entry.numaNode)).toBe(true);
    const tuning = plan.nics.find((nic) => nic.nic === entry.nic);
    for (const cpu of tuning?.irqCpus ?? []) expect(entry.irq).toContain(cpu);
  }
  expect(plan.kernelArgs.filter((arg) => /^(isolcpus|nohz_full|rcu_nocbs)=/.test(arg.arg))).toEqual([]);
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
  it('plans every host, exclusive where it fits and shared where not; only worker counts asked for can be refused', () => {
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
            expect(input.capture.some((assignment) => assignment.workers !== undefined && Object.keys(assignment.workers).length > 0)).toBe(true);
            expect((error as Error).message).toMatch(/^prop-host: .*needs? at least \d+/);
            return;
          }
          checkPlan(input, plan);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never refuses when the workers are left to the planner, however small the host', () => {
    fc.assert(
      fc.property(
        topology(1).chain((t) => fc.tuple(fc.constant(t), fc.array(nicChoice(t.nodes - 1, false), { minLength: 1, maxLength: 3 }))),
        coRoles,
        extras,
        ([t, choices], roles, extra) => {
          const input = inputOf(t, choices, roles, extra);
          checkPlan(input, planHostTuning(input));
        },
      ),
      { numRuns: 300 },
    );
  });

  // One NIC at up to 100G needs at most 4 sensor cores and 9 IRQ cores; with housekeeping, two co-located roles
  // (2 cores each) and up to 4 offline CPUs, 32 cores per node always suffice. (Three NICs on one 20-core node
  // with co-located roles do not fit, and rightly fall back to shared.)
  it('keeps the exclusive layout for one capture NIC on a host with 32 or more cores per node when the workers are left to the planner', () => {
    fc.assert(
      fc.property(
        topology(32).chain((t) => fc.tuple(fc.constant(t), fc.array(nicChoice(t.nodes - 1, false), { minLength: 1, maxLength: 1 }))),
        coRoles,
        extras,
        ([t, choices], roles, extra) => {
          const input = inputOf(t, choices, roles, extra);
          const plan = planHostTuning(input);
          expect(plan.layoutMode).toBe('exclusive');
          checkPlan(input, plan);
        },
      ),
      { numRuns: 150 },
    );
  });
});
