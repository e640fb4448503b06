import { describe, expect, it } from 'vitest';
import type { CpuInventory } from '../../inventory/host-inventory.ts';
import type { CaptureEngine } from './host-tuning-plan.ts';
import type { NicCoreDemand } from './plan-cpu-layout.ts';
import { planSharedLayout } from './plan-shared-layout.ts';

/** `nodes` nodes of `cores` cores each, without SMT: node n holds CPUs n*cores .. n*cores+cores-1. */
function cpuOf(nodes: number, cores: number): Pick<CpuInventory, 'vendor' | 'sockets' | 'onlineCpus' | 'numaNodes' | 'smtSiblings'> {
  const numaNodes = Array.from({ length: nodes }, (_, id) => ({ id, cpus: Array.from({ length: cores }, (_, i) => id * cores + i), memoryBytes: null }));
  const onlineCpus = numaNodes.flatMap((node) => node.cpus);
  return { vendor: 'GenuineIntel', sockets: 1, onlineCpus, numaNodes, smtSiblings: onlineCpus.map((cpu) => [cpu]) };
}

const demand = (nic: string, numaNode: number, engines: CaptureEngine[], workers?: NicCoreDemand['workers']): NicCoreDemand => ({
  nic,
  numaNode,
  engines,
  irq: { kind: 'dedicated', cores: 1 },
  ...(workers === undefined ? {} : { workers }),
});

describe('planSharedLayout', () => {
  it('capped workers take the cores of the NIC\'s own node first', () => {
    const { layout, notes } = planSharedLayout({ host: 'kit', cpu: cpuOf(2, 2), nics: [demand('cap0', 1, ['zeek', 'suricata'], { zeek: 1, suricata: 2 })] });
    expect(layout).toMatchObject({ housekeeping: [0], shared: [2, 3], irq: [2, 3], zeek: [2], suricata: [2, 3], unused: [1] });
    expect(notes).toContain('CPU 1 left unpinned: the workers asked for do not need them');
  });

  it('uncapped, the sensors spread to the other node after their own, and the interrupts stay home', () => {
    const { layout, notes } = planSharedLayout({ host: 'kit', cpu: cpuOf(2, 2), nics: [demand('cap0', 1, ['zeek'])] });
    expect(layout).toMatchObject({ shared: [1, 2, 3], zeek: [1, 2, 3], irq: [2, 3] });
    expect(notes).toContain('cap0: its sensors also run on NUMA node 0, after the CPUs of its own node 1');
  });

  it('a NIC whose node holds only housekeeping gets its interrupts on another node, not on CPU 0', () => {
    const { layout, notes } = planSharedLayout({ host: 'kit', cpu: cpuOf(2, 1), nics: [demand('cap0', 0, ['suricata'])] });
    expect(layout).toMatchObject({ housekeeping: [0], shared: [1], irq: [1], suricata: [1] });
    expect(notes).toContain('cap0: NUMA node 0 has no CPU besides housekeeping, so its sensors and interrupts run on NUMA node 1');
  });

  it('a NIC without hardware interrupts lists none', () => {
    const nic: NicCoreDemand = { ...demand('pkfx0', 0, ['zeek', 'suricata']), irq: { kind: 'none' } };
    const { layout } = planSharedLayout({ host: 'kit', cpu: cpuOf(1, 2), nics: [nic] });
    expect(layout).toMatchObject({ shared: [1], irq: [], zeek: [1], suricata: [1] });
  });

  it('leaves the management and control threads unpinned, and says so', () => {
    const { layout, notes } = planSharedLayout({ host: 'kit', cpu: cpuOf(1, 2), nics: [demand('cap0', 0, ['zeek', 'suricata'])] });
    expect(layout.perNic[0]).toMatchObject({ zeekIdle: [], zeekControl: [], suricataManagement: [] });
    expect(notes).toContain("Zeek's manager, logger and proxy and Suricata's management threads get no core of their own in the shared layout and are not pinned");
  });
});
