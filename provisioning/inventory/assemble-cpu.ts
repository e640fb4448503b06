/** The inventory's CPU section from its two sources: sysfs topology and the cpuinfo lines the probe keeps. */
import type { CpuInventory } from './host-inventory.ts';
import type { CpuTopology } from './parse-cpu-topology.ts';
import { virtualizationFlags, type CpuInfo } from './parse-cpuinfo.ts';

export function assembleCpu(topology: CpuTopology, info: CpuInfo): CpuInventory {
  return {
    model: info.model,
    vendor: info.vendor,
    sockets: topology.sockets,
    cores: topology.cores,
    threads: topology.threads,
    threadsPerCore: topology.threadsPerCore,
    onlineCpus: topology.onlineCpus,
    numaNodes: topology.numaNodes,
    smtSiblings: topology.smtSiblings,
    virtualizationFlags: virtualizationFlags(info.flags),
  };
}
