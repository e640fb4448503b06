// Where a capture NIC's interrupts should go (tuning reference §3.2). Dedicated IRQ cores, taken out of the
// worker pool, when both engines read the NIC (each worker then reads a fanout group, not a queue), when the
// NIC runs a single queue, when another capture NIC shares the node (the kubelet, not Picket, decides which of
// the node's cores each sensor pod gets) and on multi-node AMD hosts (IRQs stay on the NIC's node, workers go
// elsewhere). Otherwise the interrupts share the one engine's worker CPUs, one queue per worker.
import type { CaptureEngine } from './host-tuning-plan.ts';
import type { NicCaptureProfile } from './nic-capture-profile.ts';

export type IrqPlacement =
  /** `cores` is what the traffic asks for; the layout may give fewer, never none. */
  | { kind: 'dedicated'; cores: number }
  | { kind: 'on-workers' }
  /** Shared (small-host) layout only, never chosen here: one queue per CPU of `cpus`, in that order. */
  | { kind: 'shared'; cpus: number[] }
  | { kind: 'none' };

/** Packets per second one IRQ core absorbs (roughly 1–2 Mpps per core): tunable, conservative end. */
const MPPS_PER_IRQ_CORE = 1.5;
/** Mean frame size seen on real links (900–1000 bytes), used to turn line rate into packets. */
const MEAN_FRAME_BYTES = 950;

export function peakMpps(speedMbps: number): number {
  return speedMbps / (8 * MEAN_FRAME_BYTES);
}

/** IRQ cores a link of this speed asks for, before any queue limit. */
export function irqCoresForSpeed(speedMbps: number): number {
  return Math.max(1, Math.ceil(peakMpps(speedMbps) / MPPS_PER_IRQ_CORE));
}

export interface IrqPlacementContext {
  engines: readonly CaptureEngine[];
  /** Multi-node AMD host: interrupts on the NIC's node, workers on the others. */
  amdSplit: boolean;
  /** Another capture NIC's sensors draw on the same node. */
  nodeShared: boolean;
}

export interface IrqPlacementChoice {
  placement: IrqPlacement;
  /** Why, in words for the plan's notes; null when there is nothing to say. */
  reason: string | null;
}

export function chooseIrqPlacement(profile: NicCaptureProfile, context: IrqPlacementContext): IrqPlacementChoice {
  if (!profile.hasInterrupts) return { placement: { kind: 'none' }, reason: null };
  const { queueLimit, symmetricRss } = profile;
  const spreadable = symmetricRss !== null && queueLimit !== 1;

  if (context.engines.length === 1 && spreadable && queueLimit !== null && !context.amdSplit && !context.nodeShared) {
    return { placement: { kind: 'on-workers' }, reason: `only ${context.engines[0]} reads it, so each worker takes one queue's interrupts` };
  }

  const reason =
    context.engines.length > 1
      ? 'Zeek and Suricata both read it'
      : context.amdSplit
        ? 'on a multi-node AMD host the interrupts stay on the NIC\'s node and the workers go to the others'
        : !spreadable
          ? 'it runs a single queue'
          : context.nodeShared
            ? 'another capture NIC shares its NUMA node'
            : 'its queue count cannot be set';
  const speed = profile.nic.speedMbps;
  if (!spreadable || speed === null || speed === 0) return { placement: { kind: 'dedicated', cores: 1 }, reason };
  const wanted = irqCoresForSpeed(speed);
  return { placement: { kind: 'dedicated', cores: Math.min(wanted, queueLimit ?? wanted) }, reason };
}
