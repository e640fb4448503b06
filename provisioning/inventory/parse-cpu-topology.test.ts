import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuTopology } from './parse-cpu-topology.ts';

const cpuFixture = (file: string) =>
  readFileSync(new URL(`../../test/fixtures/cpu/xeon-e5-2697v4-2s/${file}`, import.meta.url), 'utf8');

describe('parseCpuTopology', () => {
  describe('2 x Xeon E5-2697 v4 (sparse core_id, repeated on each socket)', () => {
    const topology = parseCpuTopology({
      online: cpuFixture('online.txt'),
      topology: cpuFixture('topology.txt'),
      numa: cpuFixture('numa.txt'),
      totalMemoryBytes: null,
    });

    it('counts sockets, physical cores and threads like lscpu', () => {
      expect(topology.sockets).toBe(2);
      // core_id alone would give 18: the same ids repeat on socket 1.
      expect(topology.cores).toBe(36);
      expect(topology.threads).toBe(72);
      expect(topology.threadsPerCore).toBe(2);
      expect(topology.warnings).toEqual([]);
    });

    it('reads both NUMA nodes with their CPUs and memory', () => {
      expect(topology.numaNodes.map((node) => node.id)).toEqual([0, 1]);
      const [node0, node1] = topology.numaNodes;
      expect(node0?.cpus).toHaveLength(36);
      expect(node0?.cpus).toContain(36);
      expect(node1?.cpus).toContain(18);
      expect(node1?.cpus).toContain(54);
      expect(node1?.cpus).not.toContain(17);
      expect(node1?.memoryBytes).toBe(132120576 * 1024);
    });

    it('groups SMT siblings per physical core', () => {
      expect(topology.smtSiblings).toHaveLength(36);
      expect(topology.smtSiblings).toContainEqual([18, 54]);
      expect(topology.smtSiblings[0]).toEqual([0, 36]);
    });
  });

  it('a kernel without NUMA sysfs yields one node 0 holding every online CPU', () => {
    const topology = parseCpuTopology({
      online: '0-3\n',
      topology: [0, 1, 2, 3]
        .flatMap((cpu) => [
          `/sys/devices/system/cpu/cpu${cpu}/topology/physical_package_id:0`,
          `/sys/devices/system/cpu/cpu${cpu}/topology/core_id:${cpu >> 1}`,
          `/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list:${cpu & ~1}-${cpu | 1}`,
        ])
        .join('\n'),
      numa: '',
      totalMemoryBytes: 8 * 2 ** 30,
    });
    expect(topology.numaNodes).toEqual([{ id: 0, cpus: [0, 1, 2, 3], memoryBytes: 8 * 2 ** 30 }]);
    expect(topology.cores).toBe(2);
    expect(topology.smtSiblings).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('offline CPUs are left out of siblings and counts', () => {
    const topology = parseCpuTopology({
      online: '0,2',
      topology: [
        '/sys/devices/system/cpu/cpu0/topology/physical_package_id:0',
        '/sys/devices/system/cpu/cpu0/topology/core_id:0',
        '/sys/devices/system/cpu/cpu0/topology/thread_siblings_list:0-1',
        '/sys/devices/system/cpu/cpu2/topology/physical_package_id:0',
        '/sys/devices/system/cpu/cpu2/topology/core_id:1',
        '/sys/devices/system/cpu/cpu2/topology/thread_siblings_list:2-3',
      ].join('\n'),
      numa: '/sys/devices/system/node/node0/cpulist:0-3',
      totalMemoryBytes: null,
    });
    expect(topology.threads).toBe(2);
    expect(topology.smtSiblings).toEqual([[0], [2]]);
    expect(topology.threadsPerCore).toBe(1);
  });

  it('no topology at all: one socket, warning, no crash', () => {
    const topology = parseCpuTopology({ online: '0-1', topology: 'garbage', numa: 'garbage', totalMemoryBytes: null });
    expect(topology.sockets).toBe(1);
    expect(topology.cores).toBe(2);
    expect(topology.warnings.join()).toMatch(/no topology/);
  });
});
