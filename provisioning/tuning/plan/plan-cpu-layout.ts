// Which logical CPU does what on a sensor host (tuning reference §3.2). Whole physical cores are handed out, so
// no two roles ever share a core's execution units:
//   - housekeeping: the core holding CPU 0, with its siblings (OS, kubelet, everything not pinned);
//   - per capture NIC, on the NIC's NUMA node: a Suricata management core, dedicated IRQ cores where the
//     interrupts do not share worker CPUs, a core for Zeek's manager/logger/proxy, Zeek workers (one process per
//     core, on its first thread, the sibling kept idle) and Suricata workers (both threads of each core);
//   - on multi-node AMD hosts the IRQ cores stay on the NIC's node and everything else moves to other nodes.
// Cores kept for co-located control-plane or data pods, and whatever is left, stay unpinned.
// This is the exclusive layout; when a node is too small for it, attemptCpuLayout says by how much and the host
// gets the shared layout instead (plan-layout.ts).
import type { CpuInventory } from '../../inventory/host-inventory.ts';
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import { usesAmdNumaSplit } from './amd-numa-split.ts';
import { readCoreTopology, type NodeCores, type PhysicalCore } from './core-topology.ts';
import { cpusByRole } from './cpu-roles.ts';
import type { CaptureEngine, CpuLayout, NicCpuLayout } from './host-tuning-plan.ts';
import type { IrqPlacement } from './irq-placement.ts';

export interface NicCoreDemand {
  nic: string;
  /** Already resolved: a node with online CPUs. */
  numaNode: number;
  engines: readonly CaptureEngine[];
  /** Zeek worker processes, Suricata worker threads; unset = share what the node has. */
  workers?: { zeek?: number; suricata?: number };
  irq: IrqPlacement;
}

export interface CpuLayoutRequest {
  host: string;
  cpu: Pick<CpuInventory, 'vendor' | 'sockets' | 'onlineCpus' | 'numaNodes' | 'smtSiblings'>;
  nics: readonly NicCoreDemand[];
  /** Cores left unpinned for co-located control-plane or data pods. */
  sharedCores: number;
  /** Who the shared cores are for, for messages ("the server role"). */
  sharedFor: string;
}

export interface CpuLayoutResult {
  layout: CpuLayout;
  notes: string[];
}

/** Why the exclusive layout does not fit: the first pool of cores that ran short. */
export interface CoreShortage {
  /** The nodes of that pool. */
  nodes: number[];
  /** Physical cores the pool has, after housekeeping and the cores kept for other roles. */
  have: number;
  /** The fewest physical cores the pool's NICs need. */
  need: number;
  /** The whole story, naming the host, the NICs and what each needs. */
  message: string;
}

export type CpuLayoutAttempt = ({ fits: true } & CpuLayoutResult) | { fits: false; shortage: CoreShortage };

/** Whole cores one NIC takes from one pool, by role. */
interface CoreCounts {
  irq: number;
  management: number;
  control: number;
  zeek: number;
  suricata: number;
}

interface Claim {
  demand: NicCoreDemand;
  /** IRQ cores wanted from this pool (0: none here). */
  irqWanted: number;
  /** The NIC's sensors draw their cores from this pool. */
  work: boolean;
  counts: CoreCounts;
  cores: { [K in keyof CoreCounts]: PhysicalCore[] };
}

interface Pool {
  nodes: number[];
  cores: PhysicalCore[];
  claims: Claim[];
}

const byNumber = (a: number, b: number) => a - b;
const sorted = (cpus: Iterable<number>) => [...cpus].sort(byNumber);
const sum = (counts: CoreCounts) => counts.irq + counts.management + counts.control + counts.zeek + counts.suricata;

export function nodeList(nodes: readonly number[]): string {
  return nodes.length === 1 ? `NUMA node ${nodes[0]}` : `NUMA nodes ${formatCpuList(nodes)}`;
}

function newClaim(demand: NicCoreDemand, irqWanted: number, work: boolean): Claim {
  const none = { irq: 0, management: 0, control: 0, zeek: 0, suricata: 0 };
  return { demand, irqWanted, work, counts: { ...none }, cores: { irq: [], management: [], control: [], zeek: [], suricata: [] } };
}

/** Threads per core in a pool: what a Suricata thread count is divided by. */
function threadsPerCore(pool: Pool): number {
  return Math.max(1, ...pool.cores.map((core) => core.cpus.length));
}

function minimumCounts(claim: Claim, tpc: number): CoreCounts {
  const { engines, workers } = claim.demand;
  const zeek = claim.work && engines.includes('zeek');
  const suricata = claim.work && engines.includes('suricata');
  return {
    irq: claim.irqWanted > 0 ? 1 : 0,
    management: suricata ? 1 : 0,
    control: zeek ? 1 : 0,
    zeek: zeek ? (workers?.zeek ?? 1) : 0,
    suricata: suricata ? (workers?.suricata === undefined ? 1 : Math.ceil(workers.suricata / tpc)) : 0,
  };
}

function describeNeed(claim: Claim, counts: CoreCounts): string {
  const parts: string[] = [];
  if (counts.irq > 0) parts.push(`${counts.irq} for interrupts`);
  if (counts.control > 0) {
    parts.push(`${counts.control + counts.zeek} for Zeek (manager/logger/proxy + ${counts.zeek} worker${counts.zeek === 1 ? '' : 's'})`);
  }
  if (counts.management > 0) {
    const asked = claim.demand.workers?.suricata;
    const workers = asked === undefined ? `${counts.suricata} worker core${counts.suricata === 1 ? '' : 's'}` : `${counts.suricata} worker cores for ${asked} threads`;
    parts.push(`${counts.management + counts.suricata} for Suricata (management + ${workers})`);
  }
  return parts.join(', ');
}

/** The exclusive layout; throws, with the shortfall, when a node is too small for it. */
export function planCpuLayout(request: CpuLayoutRequest): CpuLayoutResult {
  const attempt = attemptCpuLayout(request);
  if (!attempt.fits) throw new Error(attempt.shortage.message);
  return { layout: attempt.layout, notes: attempt.notes };
}

/** The exclusive layout, or the first shortfall that prevents it. */
export function attemptCpuLayout(request: CpuLayoutRequest): CpuLayoutAttempt {
  const { host } = request;
  const topology = readCoreTopology(request.cpu);
  const notes: string[] = [];
  if (topology.nodes.length === 0) throw new Error(`${host}: the inventory lists no online CPU on any NUMA node`);
  const layoutNodes = topology.nodes.map((node) => ({ id: node.id, cpus: node.cpus, cores: node.cores.map((core) => core.cpus) }));
  const allCpus = topology.nodes.flatMap((node) => node.cpus);
  if (request.nics.length === 0) return { fits: true, layout: emptyLayout(layoutNodes, allCpus), notes };

  const housekeeping = housekeepingCore(topology.nodes, allCpus);
  const free = new Map<number, PhysicalCore[]>(topology.nodes.map((node) => [node.id, node.cores.filter((core) => core !== housekeeping)]));
  for (const demand of request.nics) {
    if (!free.has(demand.numaNode)) throw new Error(`${host}: ${demand.nic} is placed on NUMA node ${demand.numaNode}, which has no online CPU`);
  }
  const nicNodes = new Set(request.nics.map((demand) => demand.numaNode));
  const workerNodes = amdWorkerNodes(request.cpu.vendor, topology.nodes, nicNodes, notes);
  // Shared cores come first from nodes that run no sensor workers, so capture keeps its cores where it can.
  const dutyNodes = workerNodes === null ? nicNodes : new Set(workerNodes);
  const sharedFrom = setAsideSharedCores(free, [...free.keys()].sort((a, b) => Number(dutyNodes.has(a)) - Number(dutyNodes.has(b)) || a - b), request.sharedCores);

  const pools = buildPools(request.nics, free, workerNodes, socketLocator(topology.nodes, request.cpu.sockets), notes);
  for (const pool of pools) {
    const shortage = allocateCounts(host, pool, housekeeping, sharedFrom, request.sharedFor);
    if (shortage !== null) return { fits: false, shortage };
    cutCores(pool);
  }

  const perNic = request.nics.map((demand) => nicLayout(demand, pools));
  for (const demand of request.nics) {
    const asked = demand.workers?.suricata;
    const given = perNic.find((entry) => entry.nic === demand.nic)?.suricataWorkers.length ?? 0;
    if (asked !== undefined && given !== asked) notes.push(`${demand.nic}: ${asked} Suricata worker threads asked for; whole cores give ${given}`);
  }
  const union = (pick: (entry: NicCpuLayout) => number[]) => sorted(perNic.flatMap(pick));
  const layout: CpuLayout = {
    nodes: layoutNodes,
    housekeeping: [...housekeeping.cpus],
    shared: [],
    irq: union((entry) => entry.irq),
    zeek: union((entry) => entry.zeekWorkers),
    suricata: union((entry) => entry.suricataWorkers),
    perNic,
    unused: [],
  };
  const taken = new Set(cpusByRole(layout).flatMap(([, cpus]) => cpus));
  layout.unused = sorted(allCpus.filter((cpu) => !taken.has(cpu)));
  return { fits: true, layout, notes };
}

/** The core holding the lowest online CPU (CPU 0 on any sane host), with its siblings. */
export function housekeepingCore(nodes: readonly NodeCores[], allCpus: number[]): PhysicalCore {
  const first = Math.min(...allCpus);
  const core = nodes.flatMap((node) => node.cores).find((candidate) => candidate.cpus.includes(first));
  if (core === undefined) throw new Error(`no core holds CPU ${first}`);
  return core;
}

/** The nodes AMD's split may move sensors to, or null when the host keeps them on the NIC's node. */
function amdWorkerNodes(vendor: string, nodes: readonly NodeCores[], nicNodes: Set<number>, notes: string[]): number[] | null {
  if (!usesAmdNumaSplit(vendor, nodes.length)) return null;
  const others = nodes.map((node) => node.id).filter((id) => !nicNodes.has(id));
  if (others.length > 0) return others;
  notes.push("AMD multi-node host, but every NUMA node has a capture NIC: each NIC's sensors stay on its own node");
  return null;
}

/** Takes `count` cores off the free lists, nodes in `order`; returns the nodes they came from. */
function setAsideSharedCores(free: Map<number, PhysicalCore[]>, order: number[], count: number): Set<number> {
  const from = new Set<number>();
  let left = count;
  for (const id of order) {
    const cores = free.get(id) ?? [];
    const take = Math.min(left, cores.length);
    if (take === 0) continue;
    from.add(id);
    free.set(id, cores.slice(take));
    left -= take;
  }
  return from;
}

/** Socket of a node, approximated: nodes are numbered socket by socket, in equal shares. */
function socketLocator(nodes: readonly NodeCores[], sockets: number): (node: number) => number {
  const ids = nodes.map((node) => node.id);
  const perSocket = Math.max(1, Math.ceil(ids.length / Math.max(1, sockets)));
  return (node) => Math.floor(ids.indexOf(node) / perSocket);
}

function emptyLayout(nodes: CpuLayout['nodes'], allCpus: number[]): CpuLayout {
  return { nodes, housekeeping: [], shared: [], irq: [], zeek: [], suricata: [], perNic: [], unused: sorted(allCpus) };
}

/**
 * Pools of cores that claims draw from. Intel (and a NIC without other nodes to use): the NIC's node serves
 * interrupts and sensors. AMD split: the NIC's node serves the interrupts; the NIC gets worker nodes of its own,
 * nearest first (same socket, then node distance), dealt round-robin so several NICs share the other nodes fairly.
 */
function buildPools(
  demands: readonly NicCoreDemand[],
  free: Map<number, PhysicalCore[]>,
  workerNodes: number[] | null,
  socketOf: (node: number) => number,
  notes: string[],
): Pool[] {
  const pools = new Map<string, Pool>();
  const poolFor = (nodes: number[]): Pool => {
    const key = nodes.join(',');
    const existing = pools.get(key);
    if (existing) return existing;
    const pool: Pool = { nodes, cores: nodes.flatMap((id) => free.get(id) ?? []), claims: [] };
    pools.set(key, pool);
    return pool;
  };
  const irqWanted = (demand: NicCoreDemand) => (demand.irq.kind === 'dedicated' ? Math.max(1, demand.irq.cores) : 0);

  if (workerNodes === null) {
    for (const demand of demands) poolFor([demand.numaNode]).claims.push(newClaim(demand, irqWanted(demand), true));
    return [...pools.values()];
  }

  const assigned = new Map<string, number[]>(demands.map((demand) => [demand.nic, []]));
  const unassigned = new Set(workerNodes);
  while (unassigned.size > 0) {
    for (const demand of demands) {
      const home = socketOf(demand.numaNode);
      const distance = (node: number) => (socketOf(node) === home ? 0 : 1000) + Math.abs(node - demand.numaNode);
      const nearest = [...unassigned].sort((a, b) => distance(a) - distance(b) || a - b)[0];
      if (nearest === undefined) break;
      unassigned.delete(nearest);
      assigned.get(demand.nic)?.push(nearest);
    }
  }
  for (const demand of demands) {
    const own = assigned.get(demand.nic) ?? [];
    if (own.length === 0) {
      notes.push(`${demand.nic}: no NUMA node left for its sensors on this AMD host, so they share node ${demand.numaNode} with its interrupts`);
      poolFor([demand.numaNode]).claims.push(newClaim(demand, irqWanted(demand), true));
      continue;
    }
    if (irqWanted(demand) > 0) poolFor([demand.numaNode]).claims.push(newClaim(demand, irqWanted(demand), false));
    poolFor(own).claims.push(newClaim(demand, 0, true));
    notes.push(
      `${demand.nic}: AMD multi-node layout, interrupts on node ${demand.numaNode} and sensors on ${nodeList(own)} (Suricata cluster_flow). ` +
        `A pod spanning nodes cannot pass the kubelet's single-numa-node topology policy, so the capture device must be advertised without NUMA topology`,
    );
  }
  return [...pools.values()];
}

/**
 * Core counts per claim: minimums first, then IRQ cores up to what the traffic asks, then workers evenly.
 * Returns the shortfall instead when the pool cannot hold the minimums.
 */
function allocateCounts(host: string, pool: Pool, housekeeping: PhysicalCore, sharedFrom: Set<number>, sharedFor: string): CoreShortage | null {
  const tpc = threadsPerCore(pool);
  for (const claim of pool.claims) claim.counts = minimumCounts(claim, tpc);
  const need = pool.claims.reduce((total, claim) => total + sum(claim.counts), 0);
  if (need > pool.cores.length) {
    return { nodes: pool.nodes, have: pool.cores.length, need, message: shortageMessage(host, pool, need, housekeeping, sharedFrom, sharedFor) };
  }

  let left = pool.cores.length - need;
  for (const claim of pool.claims) {
    const more = Math.min(Math.max(0, claim.irqWanted - claim.counts.irq), left);
    claim.counts.irq += more;
    left -= more;
  }

  const flexible = pool.claims.filter((claim) => flexibleEngines(claim).length > 0);
  flexible.forEach((claim, index) => {
    const extra = Math.floor(left / flexible.length) + (index < left % flexible.length ? 1 : 0);
    const engines = flexibleEngines(claim);
    if (engines.length === 2) {
      // Equal cores, an odd one to Suricata (the reference's Kubernetes layout: 7 Zeek workers, 8 Suricata cores).
      const workers = claim.counts.zeek + claim.counts.suricata + extra;
      claim.counts.zeek = Math.max(1, Math.floor(workers / 2));
      claim.counts.suricata = workers - claim.counts.zeek;
    } else if (engines[0] !== undefined) {
      claim.counts[engines[0]] += extra;
    }
  });
  return null;
}

/** Engines of a claim whose worker count is the planner's to choose. */
function flexibleEngines(claim: Claim): CaptureEngine[] {
  if (!claim.work) return [];
  return claim.demand.engines.filter((engine) => claim.demand.workers?.[engine] === undefined);
}

function shortageMessage(
  host: string,
  pool: Pool,
  need: number,
  housekeeping: PhysicalCore,
  sharedFrom: Set<number>,
  sharedFor: string,
): string {
  const held: string[] = [];
  if (pool.nodes.includes(housekeeping.node)) held.push('housekeeping');
  if (pool.nodes.some((id) => sharedFrom.has(id))) held.push(`the cores kept for ${sharedFor}`);
  const after = held.length > 0 ? ` after ${held.join(' and ')}` : '';
  const have = `${pool.cores.length} physical core${pool.cores.length === 1 ? '' : 's'}${after}`;
  const [only] = pool.claims;
  if (pool.claims.length === 1 && only !== undefined) {
    const where = only.work && pool.nodes.length === 1 && pool.nodes[0] === only.demand.numaNode ? `${only.demand.nic} on ${nodeList(pool.nodes)}` : `${nodeList(pool.nodes)} (for ${only.demand.nic})`;
    return `${host}: ${where} has ${have}; it needs at least ${need}: ${describeNeed(only, only.counts)}`;
  }
  const each = pool.claims.map((claim) => `${claim.demand.nic}: ${describeNeed(claim, claim.counts)}.`);
  return `${host}: ${nodeList(pool.nodes)} has ${have}; its capture NICs need at least ${need}. ${each.join(' ')}`;
}

/** Hands out the pool's cores in order, per claim: management, IRQ, Zeek control, Zeek workers, Suricata workers. */
function cutCores(pool: Pool): void {
  let next = 0;
  const take = (count: number) => {
    const cores = pool.cores.slice(next, next + count);
    next += count;
    return cores;
  };
  for (const claim of pool.claims) {
    claim.cores.management = take(claim.counts.management);
    claim.cores.irq = take(claim.counts.irq);
    claim.cores.control = take(claim.counts.control);
    claim.cores.zeek = take(claim.counts.zeek);
    claim.cores.suricata = take(claim.counts.suricata);
  }
}

function nicLayout(demand: NicCoreDemand, pools: Pool[]): NicCpuLayout {
  const claims = pools.flatMap((pool) => pool.claims.filter((claim) => claim.demand === demand));
  const cores = (role: keyof CoreCounts) => claims.flatMap((claim) => claim.cores[role]);
  const cpus = (list: PhysicalCore[]) => sorted(list.flatMap((core) => core.cpus));
  const zeekCores = cores('zeek');
  return {
    nic: demand.nic,
    numaNode: demand.numaNode,
    irq: cpus(cores('irq')),
    zeekWorkers: sorted(zeekCores.map((core) => core.cpus[0]!)),
    zeekIdle: sorted(zeekCores.flatMap((core) => core.cpus.slice(1))),
    zeekControl: cpus(cores('control')),
    suricataWorkers: cpus(cores('suricata')),
    suricataManagement: cpus(cores('management')),
  };
}

/** The first thread of each of the NIC's dedicated IRQ cores, ascending: one queue's interrupts each. */
export function irqCoreLeaders(entry: NicCpuLayout, nodes: CpuLayout['nodes']): number[] {
  const irq = new Set(entry.irq);
  const cores = nodes.flatMap((node) => node.cores ?? node.cpus.map((cpu) => [cpu]));
  return sorted(cores.map((core) => core[0]).filter((cpu): cpu is number => cpu !== undefined && irq.has(cpu)));
}
