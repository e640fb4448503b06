// CPU topology from sysfs: which logical CPUs are online, how they group into physical cores and sockets, and
// which NUMA node owns them. Inputs are the probe's `grep '' files… /dev/null` output, i.e. `path:value` lines.
import type { NumaNode } from './host-inventory.ts';
import { parseCpuList } from './parse-cpu-list.ts';
import { parseCount, splitLines } from './text-limits.ts';

export interface CpuTopologyInput {
  /** /sys/devices/system/cpu/online */
  online: string;
  /** `…/cpuN/topology/{physical_package_id,core_id,thread_siblings_list}:value` lines */
  topology: string;
  /** `…/nodeN/cpulist:list` and `…/nodeN/meminfo:Node N MemTotal: X kB` lines */
  numa: string;
  /** Used for the single node synthesised when the kernel has no NUMA sysfs (CONFIG_NUMA=n). */
  totalMemoryBytes: number | null;
}

export interface CpuTopology {
  onlineCpus: number[];
  sockets: number;
  cores: number;
  threads: number;
  threadsPerCore: number;
  numaNodes: NumaNode[];
  smtSiblings: number[][];
  warnings: string[];
}

interface CpuFacts {
  packageId?: number;
  coreId?: number;
  siblings?: number[];
}

const TOPOLOGY_LINE = /\/cpu(\d{1,5})\/topology\/(physical_package_id|core_id|thread_siblings_list):(.*)$/;
const NODE_CPULIST_LINE = /\/node(\d{1,5})\/cpulist:(.*)$/;
const NODE_MEMINFO_LINE = /\/node(\d{1,5})\/meminfo:\s*Node\s+\d+\s+MemTotal:\s+(\d+)\s*kB/;

function readTopology(text: string): Map<number, CpuFacts> {
  const cpus = new Map<number, CpuFacts>();
  for (const line of splitLines(text)) {
    const match = TOPOLOGY_LINE.exec(line);
    if (match?.[1] === undefined || match[3] === undefined) continue;
    const cpu = Number(match[1]);
    const facts = cpus.get(cpu) ?? {};
    const value = match[3].trim();
    if (match[2] === 'thread_siblings_list') {
      const list = parseCpuList(value);
      if (list !== null && list.length > 0) facts.siblings = list;
    } else {
      // physical_package_id is -1 on some ARM and virtual machines: treat as "one package".
      const id = value === '-1' ? 0 : parseCount(value);
      if (id !== null) facts[match[2] === 'core_id' ? 'coreId' : 'packageId'] = id;
    }
    cpus.set(cpu, facts);
  }
  return cpus;
}

function readNumaNodes(text: string): Map<number, NumaNode> {
  const nodes = new Map<number, NumaNode>();
  const nodeFor = (id: number): NumaNode => {
    const node = nodes.get(id) ?? { id, cpus: [], memoryBytes: null };
    nodes.set(id, node);
    return node;
  };
  for (const line of splitLines(text)) {
    const cpuMatch = NODE_CPULIST_LINE.exec(line);
    if (cpuMatch?.[1] !== undefined) {
      nodeFor(Number(cpuMatch[1])).cpus = parseCpuList(cpuMatch[2] ?? '') ?? [];
      continue;
    }
    const memMatch = NODE_MEMINFO_LINE.exec(line);
    if (memMatch?.[1] !== undefined) nodeFor(Number(memMatch[1])).memoryBytes = Number(memMatch[2]) * 1024;
  }
  return nodes;
}

export function parseCpuTopology(input: CpuTopologyInput): CpuTopology {
  const warnings: string[] = [];
  const facts = readTopology(input.topology);
  let online = parseCpuList(input.online);
  if (online === null || online.length === 0) {
    online = [...facts.keys()].sort((a, b) => a - b);
    if (online.length > 0) warnings.push('cpu: /sys/devices/system/cpu/online unreadable; using CPUs that report a topology');
  }
  const onlineSet = new Set(online);

  const packages = new Set<number>();
  const coreKeys = new Set<string>();
  const byCore = new Map<string, number[]>();
  for (const cpu of online) {
    const f = facts.get(cpu);
    if (f?.packageId === undefined || f.coreId === undefined) continue;
    packages.add(f.packageId);
    // core_id restarts on every socket (and may be sparse), so a core is the pair.
    const key = `${f.packageId}:${f.coreId}`;
    coreKeys.add(key);
    byCore.set(key, [...(byCore.get(key) ?? []), cpu]);
  }
  if (online.length > 0 && coreKeys.size === 0) warnings.push('cpu: no topology in sysfs; assuming one socket, one thread per core');

  // Sibling groups come from thread_siblings_list; a CPU without it falls back to its (package, core) group.
  const groups = new Map<string, number[]>();
  for (const cpu of online) {
    const f = facts.get(cpu);
    let group = f?.siblings?.filter((c) => onlineSet.has(c));
    if (group === undefined || group.length === 0) {
      group = f?.packageId !== undefined && f.coreId !== undefined ? byCore.get(`${f.packageId}:${f.coreId}`) : undefined;
    }
    const members = group !== undefined && group.includes(cpu) ? group : [cpu];
    groups.set(members.join(','), members);
  }
  const smtSiblings = [...groups.values()].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

  const threads = online.length;
  const cores = coreKeys.size > 0 ? coreKeys.size : smtSiblings.length;
  const threadsPerCore = Math.max(1, ...smtSiblings.map((g) => g.length));

  const nodeMap = readNumaNodes(input.numa);
  const numaNodes =
    nodeMap.size > 0
      ? [...nodeMap.values()].sort((a, b) => a.id - b.id)
      : [{ id: 0, cpus: [...online], memoryBytes: input.totalMemoryBytes }];

  return {
    onlineCpus: online,
    sockets: packages.size > 0 ? packages.size : online.length > 0 ? 1 : 0,
    cores,
    threads,
    threadsPerCore,
    numaNodes,
    smtSiblings,
    warnings,
  };
}
