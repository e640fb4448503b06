import { describe, expect, it } from 'vitest';
import type { CpuInventory, Nic } from '../../inventory/host-inventory.ts';
import { bareMetalInventory, cpuFromFixture, nicFromFixture, thisMachineInventory } from '../../../test/fixtures/fixture-inventory.ts';
import type { CaptureEngine } from './host-tuning-plan.ts';
import { planHostTuning } from './plan-host-tuning.ts';
import { renderCoreMap } from './render-core-map.ts';

/** One socket, 8 logical CPUs: 4 cores with SMT (siblings n and n+4), or 8 cores without. */
function smallCpu(smt: boolean): CpuInventory {
  const cpus = [0, 1, 2, 3, 4, 5, 6, 7];
  return {
    model: smt ? 'synthetic 4-core SMT' : 'synthetic 8-core',
    vendor: 'GenuineIntel',
    sockets: 1,
    cores: smt ? 4 : 8,
    threads: 8,
    threadsPerCore: smt ? 2 : 1,
    onlineCpus: cpus,
    numaNodes: [{ id: 0, cpus, memoryBytes: null }],
    smtSiblings: smt ? [[0, 4], [1, 5], [2, 6], [3, 7]] : cpus.map((cpu) => [cpu]),
    virtualizationFlags: [],
  };
}

function smallHostMap(smt: boolean, engines: CaptureEngine[]): string {
  const nics: Nic[] = [
    nicFromFixture('virtio-net', 'eno1', { isManagement: true }),
    nicFromFixture('intel-82599-ixgbe', 'cap0', { numaNode: 0, speedMbps: 10000, mtu: 1500 }),
  ];
  const inventory = bareMetalInventory({ cpu: smallCpu(smt), nics });
  return renderCoreMap(planHostTuning({ host: 'tiny', inventory, roles: ['sensor'], capture: [{ nic: 'cap0', engines }] }));
}

describe('renderCoreMap', () => {
  it('1 socket, 8 CPUs without SMT, both engines: a dedicated IRQ core, one letter per core', () => {
    expect(smallHostMap(false, ['zeek', 'suricata']).split('\n')).toEqual([
      'tiny: 1 NUMA node, 8 cores, 8 logical CPUs',
      '  node 0  H M I C Z Z S S  <- cap0',
      '  H housekeeping, I NIC interrupts, M Suricata management, C Zeek manager/logger/proxy, Z Zeek worker, S Suricata worker',
    ]);
  });

  it('1 socket, 4 cores with SMT, Suricata alone: siblings side by side, interrupts on the workers', () => {
    expect(smallHostMap(true, ['suricata']).split('\n')).toEqual([
      'tiny: 1 NUMA node, 4 cores, 8 logical CPUs',
      '  node 0  HH MM SS SS  <- cap0',
      '  H housekeeping, M Suricata management, S Suricata worker',
    ]);
  });

  it('1 socket, 4 cores with SMT, Zeek alone: each worker has its core, the sibling idles', () => {
    expect(smallHostMap(true, ['zeek']).split('\n')).toEqual([
      'tiny: 1 NUMA node, 4 cores, 8 logical CPUs',
      '  node 0  HH CC Zz Zz  <- cap0',
      '  H housekeeping, C Zeek manager/logger/proxy, Z Zeek worker, z idle thread of a Zeek core',
    ]);
  });

  it('two sockets, the X710 on node 1: node 0 idles apart from housekeeping', () => {
    const inventory = bareMetalInventory({
      cpu: cpuFromFixture('xeon-e5-2697v4-2s'),
      nics: [
        nicFromFixture('intel-82599-ixgbe', 'eno1', { isManagement: true, numaNode: 0 }),
        nicFromFixture('intel-x710-i40e', 'ens1f0', { numaNode: 1, speedMbps: 10000, mtu: 1500 }),
      ],
    });
    const map = renderCoreMap(planHostTuning({ host: 'sensor-1', inventory, roles: ['sensor'], capture: [{ nic: 'ens1f0', engines: ['zeek', 'suricata'] }] }));
    expect(map.split('\n')).toEqual([
      'sensor-1: 2 NUMA nodes, 36 cores, 72 logical CPUs',
      '  node 0  HH .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. .. ..',
      '  node 1  MM II CC Zz Zz Zz Zz Zz Zz Zz SS SS SS SS SS SS SS SS  <- ens1f0',
      '  H housekeeping, I NIC interrupts, M Suricata management, C Zeek manager/logger/proxy, Z Zeek worker, ' +
        'z idle thread of a Zeek core, S Suricata worker, . unused',
    ]);
  });

  it('AMD: the nodes that run a NIC\'s sensors say whose they are', () => {
    const inventory = bareMetalInventory({
      cpu: cpuFromFixture('epyc-7601-2s'),
      nics: [
        nicFromFixture('intel-82599-ixgbe', 'eno1', { isManagement: true, numaNode: 0 }),
        nicFromFixture('mellanox-cx5-mlx5', 'mlx5p1', { numaNode: 0, speedMbps: 10000, mtu: 1500 }),
      ],
    });
    const lines = renderCoreMap(planHostTuning({ host: 'sensor-2', inventory, roles: ['sensor'], capture: [{ nic: 'mlx5p1', engines: ['zeek', 'suricata'] }] })).split('\n');
    expect(lines[1]).toBe('  node 0  HH II .. .. .. .. .. ..  <- mlx5p1');
    expect(lines[2]).toBe('  node 1  MM CC Zz Zz Zz Zz Zz Zz  sensors of mlx5p1');
    expect(lines.slice(1, 9).every((line) => /^ {2}node \d {2}/.test(line))).toBe(true);
  });

  it('the lab host (2 vCPUs), both engines on its veth: the shared layout, CPU 1 drawn as X', () => {
    const plan = planHostTuning({ host: 'lab-2', inventory: thisMachineInventory(), roles: ['sensor'], capture: [{ nic: 'pkl2c0', engines: ['zeek', 'suricata'] }] });
    expect(renderCoreMap(plan).split('\n')).toEqual([
      'lab-2: 1 NUMA node, 2 cores, 2 logical CPUs; shared layout: expect drops under load',
      '  node 0  H X  <- pkl2c0',
      '  H housekeeping, X shared by Zeek, Suricata and interrupts (small host)',
    ]);
  });

  it('1 socket, 4 cores with SMT, both engines, two workers asked for: the shared layout leaves a core unused', () => {
    const inventory = bareMetalInventory({
      cpu: smallCpu(true),
      nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), nicFromFixture('intel-82599-ixgbe', 'cap0', { numaNode: 0, speedMbps: 10000, mtu: 1500 })],
    });
    const plan = planHostTuning({ host: 'tiny', inventory, roles: ['sensor'], capture: [{ nic: 'cap0', engines: ['zeek', 'suricata'], workers: { zeek: 2, suricata: 4 } }] });
    expect(renderCoreMap(plan).split('\n')).toEqual([
      'tiny: 1 NUMA node, 4 cores, 8 logical CPUs; shared layout: expect drops under load',
      '  node 0  HH XX XX ..  <- cap0',
      '  H housekeeping, X shared by Zeek, Suricata and interrupts (small host), . unused',
    ]);
  });

  it('a single CPU: housekeeping shares it, and the header says so', () => {
    const cpu: CpuInventory = { ...smallCpu(false), cores: 1, threads: 1, onlineCpus: [0], numaNodes: [{ id: 0, cpus: [0], memoryBytes: null }], smtSiblings: [[0]] };
    const inventory = bareMetalInventory({
      cpu,
      nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), nicFromFixture('virtio-net', 'ens5', { numaNode: 0 })],
      virtualization: 'kvm',
    });
    const plan = planHostTuning({ host: 'one', inventory, roles: ['sensor'], capture: [{ nic: 'ens5', engines: ['suricata'] }] });
    expect(renderCoreMap(plan).split('\n')).toEqual([
      'one: 1 NUMA node, 1 core, 1 logical CPU; shared layout, housekeeping included: expect drops under load',
      '  node 0  X  <- ens5',
      '  X shared by Zeek, Suricata and interrupts (small host)',
    ]);
  });

  it('a host without capture: every CPU unused, and it says so', () => {
    const map = renderCoreMap(planHostTuning({ host: 'lab-vm', inventory: thisMachineInventory(), roles: ['server'], capture: [] }));
    expect(map.split('\n')).toEqual(['lab-vm: 1 NUMA node, 2 cores, 2 logical CPUs; nothing pinned (no capture on this host)', '  node 0  . .', '  . unused']);
  });
});
