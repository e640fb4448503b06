// The settings of one capture NIC (tuning reference §2.2), once the CPU layout says where its interrupts go.
// The queue count follows the interrupt CPUs (one queue per IRQ CPU), rings start at 1024 rather than the
// maximum (a smaller ring stays in the CPU cache; raise it only when the NIC counts drops), coalescing is fixed
// at 125 µs, and everything a driver might reject is planned only for drivers Picket knows.
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import type { CaptureEngine, CpuLayout, NicCpuLayout, NicTuning } from './host-tuning-plan.ts';
import { planCaptureOffloads } from './capture-offloads.ts';
import { irqCoresForSpeed, type IrqPlacement } from './irq-placement.ts';
import type { NicCaptureProfile } from './nic-capture-profile.ts';
import { irqCoreLeaders } from './plan-cpu-layout.ts';

const RING_START = 1024;
const COALESCE_RX_USECS = 125;
const JUMBO_MTU = 9000;

export interface NicTuningInput {
  profile: NicCaptureProfile;
  placement: IrqPlacement;
  /** Why the interrupts are placed as they are, for the notes. */
  placementReason: string | null;
  entry: NicCpuLayout;
  nodes: CpuLayout['nodes'];
  engines: readonly CaptureEngine[];
}

export interface NicTuningResult {
  tuning: NicTuning;
  notes: string[];
}

function cpuWord(cpus: readonly number[]): string {
  return `CPU${cpus.length === 1 ? '' : 's'} ${formatCpuList(cpus)}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Interrupt CPUs and the queue count they imply; queues null = the count cannot be set. */
function interruptPlan(input: NicTuningInput, notes: string[]): { irqCpus: number[]; queues: number | null } {
  const { profile, placement, entry } = input;
  const { nic, caps, channels, queueLimit, symmetricRss } = profile;
  const driver = nic.driver ?? 'unknown driver';
  const capNote = (wanted: number) => {
    if (caps.rssQueueCap !== null && channels !== null && channels.max > caps.rssQueueCap && wanted > caps.rssQueueCap) {
      notes.push(`${nic.name} (${driver}): RSS capped at ${caps.rssQueueCap} queues; the driver spreads over no more, whatever ethtool -l admits (${channels.max})`);
    }
  };

  if (placement.kind === 'none') return { irqCpus: [], queues: null };

  if (placement.kind === 'on-workers') {
    const engine = input.engines[0] ?? 'suricata';
    const workers = engine === 'zeek' ? entry.zeekWorkers : entry.suricataWorkers;
    const queues = Math.max(1, Math.min(queueLimit ?? 1, workers.length));
    const irqCpus = workers.slice(0, queues);
    capNote(workers.length);
    const share = queues < workers.length ? ` (${queues} of its ${workers.length} worker CPUs; the fanout hash balances the rest, so cluster_flow rather than cluster_qm)` : '';
    notes.push(`${nic.name}: ${plural(queues, 'queue')}, interrupts on ${engine} worker ${cpuWord(irqCpus)}${share}: ${input.placementReason ?? ''}`);
    return { irqCpus, queues };
  }

  if (placement.kind === 'shared') return sharedInterrupts(input, placement.cpus, capNote, notes);

  const irqCpus = irqCoreLeaders(entry, input.nodes);
  if (symmetricRss !== null && nic.speedMbps !== null && nic.speedMbps > 0) capNote(irqCoresForSpeed(nic.speedMbps));
  if (irqCpus.length < placement.cores) {
    notes.push(`${nic.name}: ${plural(placement.cores, 'IRQ core')} wanted for its line rate, ${irqCpus.length} fit on NUMA node ${entry.numaNode}`);
  }
  if (nic.speedMbps === null || nic.speedMbps === 0) {
    notes.push(`${nic.name}: link speed unknown (link down?), so one IRQ core; plan again with the link up to size it for the traffic`);
  }
  if (channels === null) {
    notes.push(`${nic.name}: ethtool -l reported no channels, so the queue count stays as the driver set it; all its interrupts go to ${cpuWord(irqCpus)}`);
    if (symmetricRss === null) {
      notes.push(`warning: ${nic.name}: one queue cannot be forced and RSS is not symmetric, so a flow's two directions may reach the sensors out of order`);
    }
    return { irqCpus, queues: null };
  }
  const queues = symmetricRss === null ? 1 : Math.min(irqCpus.length, queueLimit ?? irqCpus.length);
  notes.push(`${nic.name}: ${plural(queues, 'queue')}, interrupts on dedicated IRQ ${cpuWord(irqCpus)}: ${input.placementReason ?? ''}`);
  return { irqCpus: irqCpus.slice(0, queues), queues };
}

/** Shared layout: one queue per sensor CPU the NIC may use (one queue without symmetric RSS), in the given order. */
function sharedInterrupts(input: NicTuningInput, cpus: number[], capNote: (wanted: number) => void, notes: string[]): { irqCpus: number[]; queues: number | null } {
  const { nic, channels, queueLimit, symmetricRss } = input.profile;
  if (channels === null) {
    // The queue count stays the driver's; the IRQ step deals its interrupts round the list.
    notes.push(`${nic.name}: ethtool -l reported no channels, so the queue count stays as the driver set it; its interrupts take turns on shared ${cpuWord(cpus)}`);
    if (symmetricRss === null) {
      notes.push(`warning: ${nic.name}: one queue cannot be forced and RSS is not symmetric, so a flow's two directions may reach the sensors out of order`);
    }
    return { irqCpus: cpus, queues: null };
  }
  const queues = symmetricRss === null ? 1 : Math.max(1, Math.min(queueLimit ?? 1, cpus.length));
  if (symmetricRss !== null) capNote(cpus.length);
  const irqCpus = cpus.slice(0, queues);
  notes.push(`${nic.name}: ${plural(queues, 'queue')}, interrupts on shared ${cpuWord(irqCpus)}: ${input.placementReason ?? ''}`);
  return { irqCpus, queues };
}

export function planNicTuning(input: NicTuningInput): NicTuningResult {
  const { profile, entry } = input;
  const { nic, caps } = profile;
  const notes: string[] = [...profile.notes];
  const { irqCpus, queues } = interruptPlan(input, notes);

  const channels = profile.channels !== null && queues !== null ? { kind: profile.channels.kind, count: Math.min(queues, profile.channels.max) } : null;
  // With an unknown queue count the NIC may run several queues: make them symmetric anyway.
  const symmetricRss = queues === null ? (profile.hasInterrupts ? profile.symmetricRss : null) : queues > 1 ? profile.symmetricRss : null;
  if (symmetricRss !== null && (queues ?? 2) > 1) {
    notes.push(`${nic.name}: symmetric RSS (${symmetricRss}); check under real traffic that Suricata's tcp.pkt_on_wrong_thread stays near 0`);
  }

  const offloads = planCaptureOffloads(nic.name, nic.offloads, profile.hasInterrupts ? (channels?.count ?? null) : null);
  notes.push(...offloads.notes);

  let rings: NicTuning['rings'] = null;
  const maxRx = nic.rings?.max.rx ?? null;
  if (nic.rings !== null && maxRx !== null) {
    const maxTx = nic.rings.max.tx;
    rings = { rx: Math.min(RING_START, maxRx), tx: maxTx !== null ? Math.min(RING_START, maxTx) : (nic.rings.current.tx ?? Math.min(RING_START, maxRx)) };
    if (maxRx < RING_START) notes.push(`${nic.name}: rx ring ${maxRx} at most, below the 1024 start`);
  } else if (profile.hasInterrupts) {
    notes.push(`${nic.name}: ethtool -g reported no ring sizes, so the rings stay as they are`);
  }

  let mtu: number | null = null;
  if (caps.jumboMtu && nic.mtu < JUMBO_MTU) {
    mtu = JUMBO_MTU;
    notes.push(`${nic.name}: MTU ${nic.mtu === 0 ? 'unknown' : nic.mtu} -> ${JUMBO_MTU} so jumbo frames on the tap or SPAN are not dropped; Suricata sizes its packet buffers to it`);
  }

  return {
    tuning: {
      nic: nic.name,
      numaNode: entry.numaNode,
      offloadsOff: offloads.off,
      offloadsOn: offloads.on,
      rings,
      channels,
      symmetricRss,
      coalescing: caps.coalescing && profile.hasInterrupts ? { adaptiveRx: false, rxUsecs: COALESCE_RX_USECS } : null,
      pauseFramesOff: caps.pauseFrames,
      privateFlagsOff: [...caps.privateFlagsOff],
      promisc: true,
      mtu,
      irqCpus,
    },
    notes,
  };
}
