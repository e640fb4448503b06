// The shared ("small host") CPU layout, for hosts too small for the exclusive one: a lab VM, a 2- or 4-core kit.
// Housekeeping keeps the core holding CPU 0 while another physical core remains (on a single-core host it shares
// too). Every other CPU is a sensor CPU, NUMA-local to the NIC first: Zeek runs one worker per physical core, on its
// first thread; Suricata one worker thread per logical CPU of those cores; the NIC's interrupts take turns on the
// same CPUs, never on CPU 0 unless it is the only CPU. Roles overlap here by design, so nothing gets a core of its
// own, nothing is isolated, and Zeek's manager/logger/proxy and Suricata's management threads are not pinned.
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import { readCoreTopology, type PhysicalCore } from './core-topology.ts';
import type { CpuLayout, NicCpuLayout } from './host-tuning-plan.ts';
import { housekeepingCore, nodeList, type CpuLayoutRequest, type CpuLayoutResult, type NicCoreDemand } from './plan-cpu-layout.ts';

export type SharedLayoutRequest = Pick<CpuLayoutRequest, 'host' | 'cpu' | 'nics'>;

const byNumber = (a: number, b: number) => a - b;
const sorted = (cpus: Iterable<number>) => [...new Set(cpus)].sort(byNumber);

function cpuWord(cpus: readonly number[]): string {
  return `CPU${cpus.length === 1 ? '' : 's'} ${formatCpuList(cpus)}`;
}

interface NicShare {
  entry: NicCpuLayout;
  /** Every CPU of the cores its workers run on: where its interrupts may go, and its part of `shared`. */
  cpus: number[];
}

/** Sensor cores, those on the NIC's node first; a capped engine takes them in this order. */
function localFirst(cores: readonly PhysicalCore[], node: number): PhysicalCore[] {
  return [...cores.filter((core) => core.node === node), ...cores.filter((core) => core.node !== node)];
}

function nicShare(demand: NicCoreDemand, sensorCores: readonly PhysicalCore[], irqForbidden: number | null, notes: string[]): NicShare {
  const ordered = localFirst(sensorCores, demand.numaNode);
  const threads = ordered.flatMap((core) => core.cpus);
  const asked = demand.workers ?? {};
  const zeek = demand.engines.includes('zeek') ? ordered.slice(0, asked.zeek ?? ordered.length).map((core) => core.cpus[0]!) : [];
  const suricata = demand.engines.includes('suricata') ? threads.slice(0, asked.suricata ?? threads.length) : [];
  if (asked.zeek !== undefined && asked.zeek > zeek.length) {
    notes.push(`${demand.nic}: ${asked.zeek} Zeek workers asked for; the shared layout runs one per physical core, so ${zeek.length}`);
  }
  if (asked.suricata !== undefined && asked.suricata > suricata.length) {
    notes.push(`${demand.nic}: ${asked.suricata} Suricata worker threads asked for; the shared layout runs one per logical CPU, so ${suricata.length}`);
  }

  const working = new Set([...zeek, ...suricata]);
  const cores = ordered.filter((core) => core.cpus.some((cpu) => working.has(cpu)));
  const cpus = sorted(cores.flatMap((core) => core.cpus));
  const remote = [...new Set(cores.filter((core) => core.node !== demand.numaNode).map((core) => core.node))].sort(byNumber);
  if (remote.length > 0) {
    const local = cores.some((core) => core.node === demand.numaNode);
    notes.push(
      local
        ? `${demand.nic}: its sensors also run on ${nodeList(remote)}, after the CPUs of its own node ${demand.numaNode}`
        : `${demand.nic}: NUMA node ${demand.numaNode} has no CPU besides housekeeping, so its sensors and interrupts run on ${nodeList(remote)}`,
    );
  }

  let irq: number[] = [];
  if (demand.irq.kind !== 'none') {
    const allowed = cpus.filter((cpu) => cpu !== irqForbidden);
    const nodeOf = new Map(cores.flatMap((core) => core.cpus.map((cpu) => [cpu, core.node] as const)));
    const local = allowed.filter((cpu) => nodeOf.get(cpu) === demand.numaNode);
    irq = local.length > 0 ? local : allowed;
  }
  return {
    entry: {
      nic: demand.nic,
      numaNode: demand.numaNode,
      irq,
      zeekWorkers: sorted(zeek),
      zeekIdle: [],
      zeekControl: [],
      suricataWorkers: sorted(suricata),
      suricataManagement: [],
    },
    cpus,
  };
}

export function planSharedLayout(request: SharedLayoutRequest): CpuLayoutResult {
  const { host, nics } = request;
  const topology = readCoreTopology(request.cpu);
  if (topology.nodes.length === 0) throw new Error(`${host}: the inventory lists no online CPU on any NUMA node`);
  for (const demand of nics) {
    if (!topology.nodes.some((node) => node.id === demand.numaNode)) {
      throw new Error(`${host}: ${demand.nic} is placed on NUMA node ${demand.numaNode}, which has no online CPU`);
    }
  }
  const allCpus = topology.nodes.flatMap((node) => node.cpus);
  const allCores = topology.nodes.flatMap((node) => node.cores);
  const housekeeping = housekeepingCore(topology.nodes, allCpus);
  // With a single physical core there is nothing to keep apart: housekeeping runs beside the sensors.
  const housekeepingShares = allCores.length === 1;
  const sensorCores = housekeepingShares ? allCores : allCores.filter((core) => core !== housekeeping);
  // CPU 0 takes the interrupts nobody pinned (and the timer); it gets a NIC's only when it is all there is.
  const irqForbidden = allCpus.length === 1 ? null : Math.min(...allCpus);

  const notes: string[] = [];
  const shares = nics.map((demand) => nicShare(demand, sensorCores, irqForbidden, notes));
  const perNic = shares.map((share) => share.entry);
  if (nics.length > 1) {
    notes.push(`${nics.map((demand) => demand.nic).join(', ')} run their sensors on the same CPUs: each NIC's engines have workers on every sensor core`);
  }
  const engines = new Set(nics.flatMap((demand) => demand.engines));
  const unpinned = [
    ...(engines.has('zeek') ? ["Zeek's manager, logger and proxy"] : []),
    ...(engines.has('suricata') ? ["Suricata's management threads"] : []),
  ];
  if (unpinned.length > 0) notes.push(`${unpinned.join(' and ')} get no core of their own in the shared layout and are not pinned`);

  const shared = sorted(shares.flatMap((share) => share.cpus));
  const union = (pick: (entry: NicCpuLayout) => number[]) => sorted(perNic.flatMap(pick));
  const taken = new Set([...housekeeping.cpus, ...shared]);
  const layout: CpuLayout = {
    nodes: topology.nodes.map((node) => ({ id: node.id, cpus: node.cpus, cores: node.cores.map((core) => core.cpus) })),
    housekeeping: [...housekeeping.cpus],
    shared,
    irq: union((entry) => entry.irq),
    zeek: union((entry) => entry.zeekWorkers),
    suricata: union((entry) => entry.suricataWorkers),
    perNic,
    unused: sorted(allCpus.filter((cpu) => !taken.has(cpu))),
  };
  if (layout.unused.length > 0) notes.push(`${cpuWord(layout.unused)} left unpinned: the workers asked for do not need them`);
  return { layout, notes };
}
