// Which ethtool -k features a capture NIC turns off (tuning reference §2.2 rows 2, 5, 12). Receive coalescing
// (GRO, LRO, hardware GRO) hands the sensors merged super-packets that break TCP reassembly and size checks;
// segmentation and checksum offloads matter for the packets the host sends, which a capture port should not;
// VLAN offload strips tags into metadata. Only features the inventory saw and the driver lets change are planned:
// a [fixed] one cannot be changed, and one the driver keeps on is reported instead.
import type { NicOffload } from '../../inventory/host-inventory.ts';

/** Features a capture NIC wants off, in the order they are applied. */
const CAPTURE_OFF = [
  'rx-checksumming',
  'tx-checksumming',
  'scatter-gather',
  'tcp-segmentation-offload',
  'udp-fragmentation-offload',
  'generic-segmentation-offload',
  'generic-receive-offload',
  'large-receive-offload',
  'rx-gro-hw',
  'rx-gro-list',
  'rx-udp-gro-forwarding',
  'rx-vlan-offload',
  'tx-vlan-offload',
  'rx-vlan-stag-hw-parse',
  // Flow Director sideband rules steer flows to queues of their own choosing, past the symmetric hash.
  'ntuple-filters',
  // Some drivers drop frames of VLANs the host has not joined, even in promiscuous mode.
  'rx-vlan-filter',
] as const;

/** Merging features Security Onion treats as unsupported when the driver keeps them on. */
const MERGING = new Set(['generic-receive-offload', 'large-receive-offload', 'rx-gro-hw', 'generic-segmentation-offload', 'tcp-segmentation-offload']);

const RECEIVE_HASHING = 'receive-hashing';

export interface OffloadPlan {
  off: string[];
  on: string[];
  notes: string[];
}

function fixedOnNote(nic: string, feature: string): string {
  if (MERGING.has(feature)) {
    return `warning: ${nic}: ${feature} is on [fixed], the driver will not turn it off, so the sensors may see merged ` +
      'super-packets (Security Onion treats fixed gro/gso/tso as an unsupported capture NIC)';
  }
  if (feature === 'rx-vlan-offload' || feature === 'rx-vlan-stag-hw-parse') {
    return `${nic}: ${feature} is on [fixed]: VLAN tags arrive as packet metadata rather than in the frame`;
  }
  if (feature === 'rx-vlan-filter') {
    return `${nic}: rx-vlan-filter is on [fixed]: frames of VLANs the host has not joined may be dropped; test with tagged traffic`;
  }
  return `${nic}: ${feature} is on [fixed] and stays on (harmless for capture)`;
}

/**
 * `queues`: how many RSS queues the NIC will run; hashing goes off with one (nothing to spread), on with several,
 * and is left alone when the count is unknown.
 */
export function planCaptureOffloads(nic: string, offloads: Record<string, NicOffload> | null, queues: number | null): OffloadPlan {
  if (offloads === null) {
    return { off: [], on: [], notes: [`${nic}: ethtool -k reported nothing, so no offloads are planned; install ethtool and re-run the inventory`] };
  }
  const off: string[] = [];
  const on: string[] = [];
  const notes: string[] = [];
  for (const feature of CAPTURE_OFF) {
    const state = offloads[feature];
    if (state === undefined) continue;
    if (!state.fixed) off.push(feature);
    else if (state.enabled) notes.push(fixedOnNote(nic, feature));
  }
  const hashing = offloads[RECEIVE_HASHING];
  if (hashing !== undefined && !hashing.fixed && queues !== null) (queues > 1 ? on : off).push(RECEIVE_HASHING);
  return { off, on, notes };
}

/** A NIC whose hashing is fixed off cannot spread over several queues. */
export function receiveHashingFixedOff(offloads: Record<string, NicOffload> | null): boolean {
  const hashing = offloads?.[RECEIVE_HASHING];
  return hashing !== undefined && hashing.fixed && !hashing.enabled;
}
