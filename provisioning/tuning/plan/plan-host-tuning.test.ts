import { cpusByRole } from './cpu-roles.ts';
import { describe, expect, it } from 'vitest';
import type { CpuInventory, HostInventory, Nic } from '../../inventory/host-inventory.ts';
import { bareMetalInventory, cpuFromFixture, nicFromFixture, thisMachineInventory } from '../../../test/fixtures/fixture-inventory.ts';
import type { CaptureAssignment, CpuLayout, HostRole, HostTuningPlan } from './host-tuning-plan.ts';
import { planHostTuning } from './plan-host-tuning.ts';

const XEON = cpuFromFixture('xeon-e5-2697v4-2s');
const EPYC = cpuFromFixture('epyc-7601-2s');
const NODE0 = XEON.numaNodes[0]!.cpus;
const NODE1 = XEON.numaNodes[1]!.cpus;

/** The management port every bare-metal host here has; never a capture NIC. */
const management = () => nicFromFixture('intel-82599-ixgbe', 'eno1', { isManagement: true, numaNode: 0, mtu: 1500, speedMbps: 1000 });
/** The X710 fixture has no sysfs dump of its own: slot, link and MTU are this host's. */
const x710 = (facts: Partial<Nic> = {}) => nicFromFixture('intel-x710-i40e', 'ens1f0', { numaNode: 1, speedMbps: 10000, mtu: 1500, ...facts });

function xeonHost(nics: Nic[], extra: Partial<Parameters<typeof bareMetalInventory>[0]> = {}): HostInventory {
  return bareMetalInventory({ cpu: XEON, nics: [management(), ...nics], ...extra });
}

function plan(inventory: HostInventory, capture: CaptureAssignment[], roles: HostRole[] = ['agent', 'sensor'], sriov = false): HostTuningPlan {
  return planHostTuning({ host: 'sensor-1', inventory, roles, capture, sriov });
}

const BOTH = ['zeek', 'suricata'] as CaptureAssignment['engines'];

/** Every CPU of the layout, role by role; a CPU listed twice is a CPU in two roles. */
function roleLists(layout: CpuLayout): number[][] {
  return [...cpusByRole(layout).map(([, cpus]) => cpus), layout.unused];
}

function expectSoundLayout(result: HostTuningPlan): void {
  const all = roleLists(result.layout).flat();
  expect(new Set(all).size, 'a CPU in two roles').toBe(all.length);
  expect(new Set(all)).toEqual(new Set(result.layout.nodes.flatMap((node) => node.cpus)));
  for (const nic of result.nics) expect(nic.irqCpus).not.toContain(0);
}

describe('two-socket Xeon E5-2697 v4, X710 on NUMA node 1, Zeek and Suricata', () => {
  const result = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH }]);
  const [entry] = result.layout.perNic;

  it('keeps core 0 and its sibling (CPU 36) for housekeeping', () => {
    expect(result.layout.housekeeping).toEqual([0, 36]);
  });

  it('puts the sensors and the IRQ core on node 1, the node 0 cores stay unused', () => {
    const sensorCpus = [
      ...entry!.irq,
      ...entry!.zeekWorkers,
      ...entry!.zeekIdle,
      ...entry!.zeekControl,
      ...entry!.suricataWorkers,
      ...entry!.suricataManagement,
    ];
    expect(sensorCpus.every((cpu) => NODE1.includes(cpu))).toBe(true);
    expect(result.layout.unused).toEqual(NODE0.filter((cpu) => cpu !== 0 && cpu !== 36));
  });

  it('lays node 1 out as the reference does: management 18, IRQ 19, Zeek on first threads, Suricata on both', () => {
    expect(entry).toEqual({
      nic: 'ens1f0',
      numaNode: 1,
      suricataManagement: [18, 54],
      irq: [19, 55],
      zeekControl: [20, 56],
      zeekWorkers: [21, 22, 23, 24, 25, 26, 27],
      zeekIdle: [57, 58, 59, 60, 61, 62, 63],
      suricataWorkers: [28, 29, 30, 31, 32, 33, 34, 35, 64, 65, 66, 67, 68, 69, 70, 71],
    });
    expectSoundLayout(result);
  });

  it('10G needs one IRQ core: one queue, its interrupt on CPU 19, no RSS symmetry needed', () => {
    const [nic] = result.nics;
    expect(nic).toMatchObject({ nic: 'ens1f0', numaNode: 1, channels: { kind: 'combined', count: 1 }, symmetricRss: null, irqCpus: [19] });
    expect(nic?.offloadsOff).toContain('receive-hashing');
    expect(nic?.privateFlagsOff).toEqual(['flow-director-atr']);
    expect(nic?.coalescing).toEqual({ adaptiveRx: false, rxUsecs: 125 });
    expect(nic?.mtu).toBe(9000);
  });

  it('isolates exactly the worker CPUs and points other interrupts at housekeeping', () => {
    expect(result.kernelArgs.map((arg) => arg.arg)).toEqual([
      'isolcpus=managed_irq,domain,21-35,57-71',
      'nohz_full=21-35,57-71',
      'rcu_nocbs=21-35,57-71',
      'irqaffinity=0,36',
      'intel_idle.max_cstate=3',
      'processor.max_cstate=3',
    ]);
    expect(result.kernelArgs.map((arg) => arg.arg).join(' ')).not.toMatch(/hugepage/);
    expect(result.rebootNeeded).toBe(true);
    expect(result.irqbalance).toBe('disable');
    expect(result.cpuGovernor).toBe('performance');
  });

  it('plans the capture sysctls, each with a reason', () => {
    const keys = result.sysctls.map((setting) => setting.key);
    expect(keys).toEqual([
      'net.core.netdev_max_backlog',
      'net.core.netdev_budget',
      'net.core.netdev_budget_usecs',
      'net.core.rmem_max',
      'net.core.rmem_default',
      'vm.swappiness',
      'net.ipv6.conf.ens1f0.disable_ipv6',
    ]);
    expect(result.sysctls.every((setting) => setting.why.length > 20)).toBe(true);
  });
});

describe('queues and interrupts', () => {
  it('40G on the X710 with both engines: four dedicated IRQ cores, four symmetric queues', () => {
    const result = plan(xeonHost([x710({ speedMbps: 40000 })]), [{ nic: 'ens1f0', engines: BOTH }]);
    const [nic] = result.nics;
    expect(nic?.irqCpus).toEqual([19, 20, 21, 22]);
    expect(nic?.channels).toEqual({ kind: 'combined', count: 4 });
    expect(nic?.symmetricRss).toBe('low-entropy-key');
    expect(nic?.offloadsOn).toEqual(['receive-hashing']);
    expect(nic?.offloadsOff).not.toContain('receive-hashing');
    expectSoundLayout(result);
  });

  it('ixgbe: channels capped at 16 whatever ethtool -l admits', () => {
    // The fixture's port sits in a 12-thread PC (Combined 12); on a bigger host ixgbe reports min(CPUs, 63).
    const ixgbe = nicFromFixture('intel-82599-ixgbe', 'ens2f0', { numaNode: 1, speedMbps: 10000, mtu: 1500 });
    const big = { ...ixgbe, channels: { max: { rx: null, tx: null, other: 1, combined: 63 }, current: { rx: null, tx: null, other: 1, combined: 63 } } };
    const result = plan(xeonHost([big]), [{ nic: 'ens2f0', engines: ['suricata'] }]);
    const [nic] = result.nics;
    expect(nic?.channels).toEqual({ kind: 'combined', count: 16 });
    expect(nic?.symmetricRss).toBe('low-entropy-key');
    // Only Suricata reads it: the interrupts go to the first 16 of its worker CPUs, no dedicated IRQ core.
    expect(result.layout.irq).toEqual([]);
    expect(nic?.irqCpus).toHaveLength(16);
    expect(nic?.irqCpus.every((cpu) => result.layout.suricata.includes(cpu))).toBe(true);
    expect(result.notes.join('\n')).toMatch(/ens2f0 \(ixgbe\): RSS capped at 16 queues/);
    expectSoundLayout(result);
  });

  it('ixgbe as the fixture reports it: 12 queues, its own maximum', () => {
    const ixgbe = nicFromFixture('intel-82599-ixgbe', 'ens2f0', { numaNode: 1, speedMbps: 10000, mtu: 1500 });
    const result = plan(xeonHost([ixgbe]), [{ nic: 'ens2f0', engines: ['suricata'] }]);
    expect(result.nics[0]?.channels).toEqual({ kind: 'combined', count: 12 });
    expect(result.notes.join('\n')).not.toMatch(/capped at 16/);
  });

  it('E810 (ice): symmetric-xor on kernel 6.8 and newer, one queue before', () => {
    const ice = () => nicFromFixture('intel-e810-ice', 'ice0', { numaNode: 0, speedMbps: 25000, mtu: 1500 });
    const recent = plan(xeonHost([ice()], { os: { kernel: '6.8.0-31-generic' } }), [{ nic: 'ice0', engines: ['suricata'] }]);
    expect(recent.nics[0]).toMatchObject({ symmetricRss: 'xor', channels: { kind: 'combined', count: 16 } });
    const older = plan(xeonHost([ice()]), [{ nic: 'ice0', engines: ['suricata'] }]);
    expect(older.nics[0]).toMatchObject({ symmetricRss: null, channels: { kind: 'combined', count: 1 } });
    expect(older.layout.irq).toHaveLength(2);
    expect(older.notes.join('\n')).toMatch(/ice0 \(ice\): symmetric RSS needs .* kernel 6\.8 or newer \(this host runs 6\.1\.0-18-amd64\)/);
  });

  it('IRQ CPUs are never CPU 0, even for a NIC on node 0 of a small host', () => {
    const ice = nicFromFixture('intel-e810-ice', 'ice0', { numaNode: 0, speedMbps: 100000, mtu: 1500 });
    const result = plan(xeonHost([ice], { os: { kernel: '6.12.9-amd64' } }), [{ nic: 'ice0', engines: BOTH }]);
    expect(result.nics[0]?.irqCpus.length).toBeGreaterThan(1);
    expectSoundLayout(result);
  });
});

describe('offloads and rings', () => {
  it('fixed offloads are never planned off; the ones the driver keeps on are noted', () => {
    const x = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH }]).nics[0]!;
    expect(x.offloadsOff).not.toContain('large-receive-offload');
    expect(x.offloadsOff).not.toContain('udp-fragmentation-offload');
    expect(x.offloadsOff).toEqual(expect.arrayContaining(['generic-receive-offload', 'tcp-segmentation-offload', 'rx-vlan-offload', 'ntuple-filters']));

    const virtio = nicFromFixture('virtio-net', 'ens5', { isManagement: false, numaNode: 0 });
    const result = plan(xeonHost([virtio]), [{ nic: 'ens5', engines: ['suricata'] }]);
    const nic = result.nics[0]!;
    expect(nic.offloadsOff).not.toContain('rx-checksumming');
    expect(nic.offloadsOff).not.toContain('rx-gro-hw');
    expect(nic.offloadsOff).toEqual(expect.arrayContaining(['generic-receive-offload', 'generic-segmentation-offload', 'tcp-segmentation-offload']));
    const notes = result.notes.join('\n');
    expect(notes).toMatch(/ens5: rx-checksumming is on \[fixed\]/);
    expect(notes).toMatch(/warning: ens5: rx-gro-hw is on \[fixed\].*Security Onion/);
  });

  it('rings start at 1024 and are capped at the maximum', () => {
    const ixgbe = nicFromFixture('intel-82599-ixgbe', 'ens2f0', { numaNode: 1, speedMbps: 10000, mtu: 1500 });
    expect(plan(xeonHost([ixgbe]), [{ nic: 'ens2f0', engines: BOTH }]).nics[0]?.rings).toEqual({ rx: 1024, tx: 1024 });
    const virtio = nicFromFixture('virtio-net', 'ens5', { numaNode: 0 });
    const result = plan(xeonHost([virtio]), [{ nic: 'ens5', engines: BOTH }]);
    expect(result.nics[0]?.rings).toEqual({ rx: 256, tx: 256 });
    expect(result.notes.join('\n')).toMatch(/ens5: rx ring 256 at most/);
  });

  it('veth: no rings, no queues, no interrupts, no IRQ cores', () => {
    const veth = nicFromFixture('veth', 'pkfx0');
    const result = plan(xeonHost([veth]), [{ nic: 'pkfx0', engines: BOTH }]);
    expect(result.nics[0]).toMatchObject({ rings: null, channels: null, coalescing: null, symmetricRss: null, irqCpus: [], mtu: null, pauseFramesOff: false });
    expect(result.nics[0]?.offloadsOff).toEqual(
      expect.arrayContaining(['tx-checksumming', 'generic-segmentation-offload', 'generic-receive-offload', 'rx-vlan-offload', 'rx-vlan-stag-hw-parse']),
    );
    expect(result.layout.irq).toEqual([]);
    expect(result.notes.join('\n')).toMatch(/pkfx0 \(veth\): a software link/);
  });

  it('a driver outside the table gets the conservative treatment and a note', () => {
    const virtio = nicFromFixture('virtio-net', 'ens5', { numaNode: 0 });
    const result = plan(xeonHost([virtio]), [{ nic: 'ens5', engines: ['suricata'] }]);
    expect(result.nics[0]).toMatchObject({ channels: { kind: 'combined', count: 1 }, coalescing: null, mtu: null, pauseFramesOff: false, privateFlagsOff: [] });
    expect(result.notes.join('\n')).toMatch(/ens5 \(virtio_net\): not in Picket's driver table/);
  });
});

describe('NUMA placement', () => {
  it('two capture NICs on different nodes each get their own node\'s cores', () => {
    const ixgbe = nicFromFixture('intel-82599-ixgbe', 'ens2f0', { numaNode: 0, speedMbps: 10000, mtu: 1500 });
    const result = plan(xeonHost([x710(), ixgbe]), [
      { nic: 'ens1f0', engines: BOTH },
      { nic: 'ens2f0', engines: BOTH },
    ]);
    for (const [name, node] of [['ens1f0', NODE1], ['ens2f0', NODE0]] as const) {
      const entry = result.layout.perNic.find((candidate) => candidate.nic === name)!;
      const cpus = [...entry.irq, ...entry.zeekWorkers, ...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement];
      expect(cpus.length).toBeGreaterThan(10);
      expect(cpus.every((cpu) => node.includes(cpu)), name).toBe(true);
      expect(result.nics.find((nic) => nic.nic === name)?.irqCpus.every((cpu) => node.includes(cpu))).toBe(true);
    }
    expect(result.layout.housekeeping).toEqual([0, 36]);
    expectSoundLayout(result);
  });

  it('a NIC that reports no NUMA node on a two-node host goes to node 0, with a note', () => {
    const result = plan(xeonHost([x710({ numaNode: null })]), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(result.nics[0]?.numaNode).toBe(0);
    expect(result.notes.join('\n')).toMatch(/ens1f0 reports no NUMA node on a 2-node host; assuming node 0/);
  });

  it('its local_cpulist decides when it points at one node', () => {
    const result = plan(xeonHost([x710({ numaNode: null, localCpus: NODE1 })]), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(result.nics[0]?.numaNode).toBe(1);
  });

  it('AMD EPYC, 8 nodes: IRQs on the NIC\'s node, sensors on the other nodes', () => {
    const inventory = bareMetalInventory({
      cpu: EPYC,
      nics: [management(), nicFromFixture('mellanox-cx5-mlx5', 'mlx5p1', { numaNode: 0, speedMbps: 100000, mtu: 1500 })],
    });
    const result = planHostTuning({ host: 'sensor-2', inventory, roles: ['sensor'], capture: [{ nic: 'mlx5p1', engines: BOTH }] });
    const node0 = EPYC.numaNodes[0]!.cpus;
    const entry = result.layout.perNic[0]!;
    expect(entry.irq.length).toBeGreaterThan(0);
    expect(entry.irq.every((cpu) => node0.includes(cpu))).toBe(true);
    expect(result.nics[0]?.irqCpus.every((cpu) => node0.includes(cpu))).toBe(true);
    const sensors = [...entry.zeekWorkers, ...entry.zeekIdle, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement];
    expect(sensors.length).toBeGreaterThan(100);
    expect(sensors.some((cpu) => node0.includes(cpu))).toBe(false);
    expect(result.notes.join('\n')).toMatch(/mlx5p1: AMD multi-node layout, interrupts on node 0 and sensors on NUMA nodes 1-7/);
    // No IOMMU arguments without SR-IOV, and no Intel C-state arguments on AMD.
    expect(result.kernelArgs.map((arg) => arg.arg).join(' ')).not.toMatch(/iommu|cstate/);
    expectSoundLayout(result);
  });
});

/** One node, `count` cores without SMT (CPUs 0..count-1), or with SMT (siblings n and n+count). */
function smallCpu(count: number, smt = false): CpuInventory {
  const cores = Array.from({ length: count }, (_, core) => (smt ? [core, core + count] : [core]));
  const cpus = cores.flat().sort((a, b) => a - b);
  return {
    model: 'synthetic',
    vendor: 'GenuineIntel',
    sockets: 1,
    cores: count,
    threads: cpus.length,
    threadsPerCore: smt ? 2 : 1,
    onlineCpus: cpus,
    numaNodes: [{ id: 0, cpus, memoryBytes: null }],
    smtSiblings: cores,
    virtualizationFlags: [],
  };
}

/** A small bare-metal kit: a virtio management port and an 82599 capture port on node 0. */
function smallKit(cpu: CpuInventory, extra: Partial<Parameters<typeof bareMetalInventory>[0]> = {}): HostInventory {
  const cap0 = nicFromFixture('intel-82599-ixgbe', 'cap0', { numaNode: 0, speedMbps: 10000, mtu: 1500 });
  return bareMetalInventory({ cpu, nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), cap0], ...extra });
}

/** The lab host's probe, but as a KVM guest with a virtio capture port: a NIC with interrupts to place. */
function labVmWithVirtio(): HostInventory {
  const lab = thisMachineInventory();
  return { ...lab, virtualization: 'kvm', nics: [...lab.nics, nicFromFixture('virtio-net', 'ens5', { numaNode: 0 })] };
}

const ISOLATION = /^(isolcpus|nohz_full|rcu_nocbs)=/;

describe('small hosts: the shared layout', () => {
  it('the lab host as probed (2 vCPUs, one node, a container), veth pkl2c0, both engines: CPU 0 housekeeping, CPU 1 shared', () => {
    const result = planHostTuning({ host: 'lab-2', inventory: thisMachineInventory(), roles: ['sensor'], capture: [{ nic: 'pkl2c0', engines: BOTH }] });
    expect(result.layoutMode).toBe('shared');
    expect(result.layout).toMatchObject({ housekeeping: [0], shared: [1], irq: [], zeek: [1], suricata: [1], unused: [] });
    // A veth raises no hardware interrupts, so there is nothing to place; Zeek and Suricata overlap on CPU 1 by design.
    expect(result.layout.perNic).toEqual([
      { nic: 'pkl2c0', numaNode: 0, irq: [], zeekWorkers: [1], zeekIdle: [], zeekControl: [], suricataWorkers: [1], suricataManagement: [] },
    ]);
    expect(result.nics[0]?.irqCpus).toEqual([]);
    expect(result).toMatchObject({ kernelArgs: [], irqbalance: 'leave', cpuGovernor: null, rebootNeeded: false });
    expect(result.notes[0]).toBe(
      'shared layout: lab-2 has 1 physical core for capture on NUMA node 0 (an exclusive layout needs 4); ' +
        'Zeek and Suricata share CPU 1 — expect drops under load. Waive role-resources only for labs and small kits.',
    );
    // The exclusive layout's shortfall is still spelled out.
    expect(result.notes).toContain(
      'no exclusive layout: lab-2: pkl2c0 on NUMA node 0 has 1 physical core after housekeeping; it needs at least 4: ' +
        '2 for Zeek (manager/logger/proxy + 1 worker), 2 for Suricata (management + 1 worker core)',
    );
    expect(result.notes.join('\n')).toMatch(/no CPU isolation \(isolcpus, nohz_full, rcu_nocbs\) in the shared layout/);
  });

  it('the same 2 vCPUs as a KVM guest with a virtio capture port: interrupts on CPU 1, no isolation, irqbalance off', () => {
    const result = planHostTuning({ host: 'lab-2', inventory: labVmWithVirtio(), roles: ['sensor'], capture: [{ nic: 'ens5', engines: BOTH }] });
    expect(result.layoutMode).toBe('shared');
    expect(result.layout).toMatchObject({ housekeeping: [0], shared: [1], irq: [1], zeek: [1], suricata: [1], unused: [] });
    expect(result.layout.perNic[0]).toMatchObject({ irq: [1], zeekWorkers: [1], suricataWorkers: [1] });
    expect(result.nics[0]).toMatchObject({ irqCpus: [1], channels: { kind: 'combined', count: 1 } });
    // Other devices' interrupts still go to housekeeping; no worker CPU is taken from the scheduler.
    expect(result.kernelArgs.map((arg) => arg.arg)).toEqual(['irqaffinity=0']);
    expect(result).toMatchObject({ irqbalance: 'disable', cpuGovernor: null, rebootNeeded: true });
    expect(result.notes[0]).toBe(
      'shared layout: lab-2 has 1 physical core for capture on NUMA node 0 (an exclusive layout needs 5); ' +
        'Zeek, Suricata and interrupts share CPU 1 — expect drops under load. Waive role-resources only for labs and small kits.',
    );
    expect(result.notes).toContain('ens5: 1 queue, interrupts on shared CPU 1: the shared layout gives interrupts no CPU of their own');
  });

  it('4 cores without SMT, both engines on one 10G port: too small for exclusive (5 cores after housekeeping), so shared', () => {
    const result = plan(smallKit(smallCpu(4)), [{ nic: 'cap0', engines: BOTH }]);
    expect(result.layoutMode).toBe('shared');
    expect(result.layout).toMatchObject({ housekeeping: [0], shared: [1, 2, 3], irq: [1, 2, 3], zeek: [1, 2, 3], suricata: [1, 2, 3], unused: [] });
    // ixgbe hashes symmetrically, so one queue per shared CPU.
    expect(result.nics[0]).toMatchObject({ irqCpus: [1, 2, 3], channels: { kind: 'combined', count: 3 }, symmetricRss: 'low-entropy-key' });
    expect(result.kernelArgs.map((arg) => arg.arg)).toEqual(['irqaffinity=0']);
    expect(result.kernelArgs.some((arg) => ISOLATION.test(arg.arg))).toBe(false);
    expect(result).toMatchObject({ irqbalance: 'disable', cpuGovernor: 'performance' });
    expect(result.notes[0]).toMatch(/^shared layout: sensor-1 has 3 physical cores for capture on NUMA node 0 \(an exclusive layout needs 5\); Zeek, Suricata and interrupts share CPUs 1-3 — /);
  });

  it('6 cores without SMT fit the exclusive layout exactly, and keep it', () => {
    const result = plan(smallKit(smallCpu(6)), [{ nic: 'cap0', engines: BOTH }]);
    expect(result.layoutMode).toBe('exclusive');
    expect(result.layout.shared).toEqual([]);
    expect(result.layout.perNic[0]).toMatchObject({ suricataManagement: [1], irq: [2], zeekControl: [3], zeekWorkers: [4], suricataWorkers: [5] });
    expect(result.kernelArgs.map((arg) => arg.arg)).toContain('isolcpus=managed_irq,domain,4-5');
    expect(result.notes.join('\n')).not.toMatch(/shared layout/);
    expectSoundLayout(result);
  });

  it('a big host stays exclusive, and says so', () => {
    const result = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(result.layoutMode).toBe('exclusive');
    expect(result.layout.shared).toEqual([]);
  });

  it('a single CPU: housekeeping shares it too, interrupts included, and no irqaffinity to move them to', () => {
    const result = plan(smallKit(smallCpu(1), { virtualization: 'kvm' }), [{ nic: 'cap0', engines: BOTH }]);
    expect(result.layoutMode).toBe('shared');
    expect(result.layout).toMatchObject({ housekeeping: [0], shared: [0], irq: [0], zeek: [0], suricata: [0], unused: [] });
    expect(result.nics[0]?.irqCpus).toEqual([0]);
    expect(result.kernelArgs).toEqual([]);
    expect(result.notes[0]).toBe(
      'shared layout: sensor-1 has 0 physical cores for capture on NUMA node 0 (an exclusive layout needs 5); ' +
        'Zeek, Suricata, interrupts and housekeeping share CPU 0 — expect drops under load. Waive role-resources only for labs and small kits.',
    );
    expect(result.notes).toContain('housekeeping shares CPU 0 with the sensors: the host has a single physical core');
  });

  it('one core with SMT: housekeeping shares it, but the interrupts keep off CPU 0', () => {
    const result = plan(smallKit(smallCpu(1, true)), [{ nic: 'cap0', engines: BOTH }]);
    expect(result.layout).toMatchObject({ housekeeping: [0, 1], shared: [0, 1], zeek: [0], suricata: [0, 1] });
    expect(result.nics[0]?.irqCpus).toEqual([1]);
  });

  it('explicit worker counts are capped at what the shared CPUs hold, with a note', () => {
    const result = planHostTuning({
      host: 'lab-2',
      inventory: labVmWithVirtio(),
      roles: ['sensor'],
      capture: [{ nic: 'ens5', engines: BOTH, workers: { zeek: 2, suricata: 4 } }],
    });
    expect(result.layoutMode).toBe('shared');
    expect(result.layout).toMatchObject({ zeek: [1], suricata: [1] });
    // The warning reports the host's own shortfall, not the one the asked-for counts would add.
    expect(result.notes[0]).toMatch(/an exclusive layout needs 5\)/);
    expect(result.notes).toContain('ens5: 2 Zeek workers asked for; the shared layout runs one per physical core, so 1');
    expect(result.notes).toContain('ens5: 4 Suricata worker threads asked for; the shared layout runs one per logical CPU, so 1');
  });

  it('two single-queue capture ports share the CPUs; their interrupts start on different CPUs', () => {
    const inventory = bareMetalInventory({
      cpu: smallCpu(4),
      nics: [
        nicFromFixture('virtio-net', 'eno1', { isManagement: true }),
        nicFromFixture('virtio-net', 'ens5', { numaNode: 0 }),
        nicFromFixture('virtio-net', 'ens6', { numaNode: 0 }),
      ],
    });
    const result = plan(inventory, [
      { nic: 'ens5', engines: ['suricata'] },
      { nic: 'ens6', engines: ['zeek'] },
    ]);
    expect(result.layoutMode).toBe('shared');
    expect(result.nics.map((nic) => nic.irqCpus)).toEqual([[1], [2]]);
    expect(result.layout.perNic.map((entry) => entry.irq)).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(result.notes.join('\n')).toMatch(/ens5, ens6 run their sensors on the same CPUs/);
  });

  it('co-located roles get no cores of their own on a shared host, and the note says so', () => {
    const result = plan(smallKit(smallCpu(4)), [{ nic: 'cap0', engines: BOTH }], ['server', 'sensor']);
    expect(result.layoutMode).toBe('shared');
    expect(result.notes).toContain('no cores kept for the server role in the shared layout: their pods run on the same CPUs as the sensors');
  });
});

describe('too few cores', () => {
  it('a capture NIC on a host with no online CPU at all is refused, naming the host', () => {
    const empty: CpuInventory = { ...smallCpu(1), cores: 0, threads: 0, onlineCpus: [], numaNodes: [], smtSiblings: [] };
    expect(() => plan(smallKit(empty), [{ nic: 'cap0', engines: BOTH }])).toThrow('sensor-1: the inventory lists no online CPU on any NUMA node');
  });

  it('asking for more workers than a node big enough for the planner\'s own counts holds is refused: a request to fix, not a small host', () => {
    expect(() => plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH, workers: { zeek: 10, suricata: 16 } }])).toThrow(
      /^sensor-1: ens1f0 on NUMA node 1 has 18 physical cores; it needs at least 21: 1 for interrupts, 11 for Zeek \(manager\/logger\/proxy \+ 10 workers\), 9 for Suricata \(management \+ 8 worker cores for 16 threads\)$/,
    );
  });

  it('explicit worker counts are honoured and the rest stays unused', () => {
    const result = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH, workers: { zeek: 4, suricata: 7 } }]);
    expect(result.layout.zeek).toHaveLength(4);
    expect(result.layout.suricata).toHaveLength(8);
    expect(result.notes.join('\n')).toMatch(/7 Suricata worker threads asked for; whole cores give 8/);
    expectSoundLayout(result);
  });
});

describe('host-wide settings by host kind and role', () => {
  it('a server-only host: empty plan, nothing pinned, IRQ balancing and governor left alone', () => {
    const result = planHostTuning({ host: 'lab-vm', inventory: thisMachineInventory(), roles: ['server'], capture: [] });
    expect(result).toMatchObject({ nics: [], sysctls: [], kernelArgs: [], irqbalance: 'leave', cpuGovernor: null, rebootNeeded: false });
    expect(result.layout.housekeeping).toEqual([]);
    expect(result.layout.unused).toEqual([0, 1]);
    expect(result.notes.join('\n')).toMatch(/no sensor role \(server\)/);
  });

  it('a data host gets what OpenSearch needs and nothing else', () => {
    const result = planHostTuning({ host: 'data-1', inventory: xeonHost([]), roles: ['agent', 'data'], capture: [] });
    expect(result.sysctls.map((setting) => `${setting.key}=${setting.value}`)).toEqual(['vm.max_map_count=262144', 'vm.swappiness=1']);
    expect(result.kernelArgs).toEqual([]);
  });

  it('sensor + server + data on one box keeps 4 cores unpinned for the other roles', () => {
    const result = plan(xeonHost([x710({ numaNode: 0 })]), [{ nic: 'ens1f0', engines: BOTH }], ['server', 'sensor', 'data']);
    // Node 1 has no capture NIC, so the shared cores come from there and node 0 keeps its cores for capture.
    expect(result.layout.unused.filter((cpu) => NODE1.includes(cpu))).toHaveLength(36);
    expect(result.notes.join('\n')).toMatch(/4 cores left unpinned for the server and data roles/);
    expect(result.sysctls.map((setting) => setting.key)).toContain('vm.max_map_count');
  });

  it('a container: no kernel command line, governor or IRQ balancing of its own', () => {
    const inventory = xeonHost([nicFromFixture('veth', 'pkfx0')], { virtualization: 'systemd-nspawn' });
    const result = plan(inventory, [{ nic: 'pkfx0', engines: BOTH }], ['sensor'], true);
    expect(result).toMatchObject({ kernelArgs: [], irqbalance: 'leave', cpuGovernor: null, rebootNeeded: false });
    expect(result.notes.join('\n')).toMatch(/systemd-nspawn container: the kernel command line/);
    expect(result.notes.join('\n')).toMatch(/SR-IOV is planned but this is a container/);
  });

  it('a VM: no governor and no C-state limit, with a note', () => {
    const result = plan(xeonHost([x710()], { virtualization: 'kvm' }), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(result.cpuGovernor).toBeNull();
    expect(result.kernelArgs.map((arg) => arg.arg).join(' ')).not.toMatch(/cstate/);
    expect(result.notes.join('\n')).toMatch(/a kvm guest has no cpufreq/);
  });

  it('SR-IOV adds the IOMMU arguments: intel_iommu=on and iommu=pt on Intel, iommu=pt on AMD', () => {
    const intel = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH }], ['sensor'], true);
    expect(intel.kernelArgs.map((arg) => arg.arg).slice(-2)).toEqual(['intel_iommu=on', 'iommu=pt']);
    const amd = planHostTuning({
      host: 'sensor-2',
      inventory: bareMetalInventory({ cpu: EPYC, nics: [management(), nicFromFixture('mellanox-cx5-mlx5', 'mlx5p1', { numaNode: 0 })] }),
      roles: ['sensor'],
      capture: [{ nic: 'mlx5p1', engines: BOTH }],
      sriov: true,
    });
    expect(amd.kernelArgs.map((arg) => arg.arg).filter((arg) => /iommu/.test(arg))).toEqual(['iommu=pt']);
  });

  it('no reboot when the running kernel already has every planned argument', () => {
    const first = plan(xeonHost([x710()]), [{ nic: 'ens1f0', engines: BOTH }]);
    const cmdline = `BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 ro quiet ${first.kernelArgs.map((arg) => arg.arg).join(' ')}`;
    const again = plan(xeonHost([x710()], { os: { cmdline } }), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(again.rebootNeeded).toBe(false);
    const stale = plan(xeonHost([x710()], { os: { cmdline: cmdline.replace('isolcpus=managed_irq,domain,', 'isolcpus=') } }), [{ nic: 'ens1f0', engines: BOTH }]);
    expect(stale.rebootNeeded).toBe(true);
  });
});

describe('requests that make no sense are refused, naming the host', () => {
  const inventory = xeonHost([x710()]);
  it.each([
    { case: 'the management NIC', capture: [{ nic: 'eno1', engines: BOTH }], message: 'sensor-1: eno1 carries the management connection and is never tuned for capture' },
    { case: 'an unknown NIC', capture: [{ nic: 'ens9', engines: BOTH }], message: "sensor-1: capture NIC ens9 is not in the host's inventory" },
    { case: 'no engine', capture: [{ nic: 'ens1f0', engines: [] }], message: 'sensor-1: ens1f0 is assigned for capture with no engine' },
    { case: 'an engine twice', capture: [{ nic: 'ens1f0', engines: ['zeek', 'zeek'] }], message: 'sensor-1: ens1f0 lists an engine twice' },
    {
      case: 'the same NIC twice',
      capture: [{ nic: 'ens1f0', engines: BOTH }, { nic: 'ens1f0', engines: BOTH }],
      message: 'sensor-1: ens1f0 is assigned for capture twice',
    },
    {
      case: 'zero workers',
      capture: [{ nic: 'ens1f0', engines: BOTH, workers: { zeek: 0 } }],
      message: 'sensor-1: ens1f0: zeek workers must be a whole number of at least 1, not 0',
    },
    {
      case: 'workers for an engine that does not read the NIC',
      capture: [{ nic: 'ens1f0', engines: ['zeek'], workers: { suricata: 4 } }],
      message: 'sensor-1: ens1f0: suricata workers are set but suricata does not read this NIC',
    },
  ] as { case: string; capture: CaptureAssignment[]; message: string }[])('$case', ({ capture, message }) => {
    expect(() => plan(inventory, capture)).toThrow(message);
  });

  it('capture without the sensor role', () => {
    expect(() => plan(inventory, [{ nic: 'ens1f0', engines: BOTH }], ['agent'])).toThrow(
      'sensor-1: capture NICs are assigned (ens1f0) but the host has no sensor role',
    );
  });
});
