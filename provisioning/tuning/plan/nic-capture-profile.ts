// What one capture NIC can do for the sensors, from its inventory, its driver's row in the capability table and
// the running kernel: does it raise interrupts, how many queues can RSS really use, and can the two directions
// of a flow be hashed to the same queue. Without that symmetry the NIC must run one queue, or a flow's
// packets arrive through two queues and reach the sensors out of order.
import type { Nic } from '../../inventory/host-inventory.ts';
import { receiveHashingFixedOff } from './capture-offloads.ts';
import { driverCapabilities, type DriverCapabilities } from './driver-capabilities.ts';
import type { SymmetricRss } from './host-tuning-plan.ts';
import { kernelAtLeast } from './kernel-version.ts';

export interface NicCaptureProfile {
  nic: Nic;
  caps: DriverCapabilities;
  /** Hardware interrupts to pin: false for veth and other software links. */
  hasInterrupts: boolean;
  /** The channel type ethtool -L sets and its maximum; null when the driver reports none. */
  channels: { kind: 'combined' | 'rx'; max: number } | null;
  /** Queues RSS can really spread over: the channel maximum, capped by the driver; null when unknown. */
  queueLimit: number | null;
  symmetricRss: SymmetricRss | null;
  notes: string[];
}

function settableChannels(nic: Nic): NicCaptureProfile['channels'] {
  const max = nic.channels?.max;
  if (max?.combined != null && max.combined >= 1) return { kind: 'combined', max: max.combined };
  if (max?.rx != null && max.rx >= 1) return { kind: 'rx', max: max.rx };
  return null;
}

export function nicCaptureProfile(nic: Nic, kernelRelease: string): NicCaptureProfile {
  const caps = driverCapabilities(nic.driver);
  const notes: string[] = [];
  const driver = nic.driver ?? 'unknown driver';

  if (nic.kind === 'veth' || nic.kind === 'virtual') {
    notes.push(
      nic.kind === 'veth'
        ? `${nic.name} (veth): a software link with no queues, rings or interrupts to tune; offloads and promiscuous mode only`
        : `${nic.name} (${driver}): a virtual link; offloads and promiscuous mode are set on it, its member ports are not tuned`,
    );
    return { nic, caps, hasInterrupts: false, channels: null, queueLimit: null, symmetricRss: null, notes };
  }

  const channels = settableChannels(nic);
  const queueLimit = channels === null ? null : Math.min(channels.max, caps.rssQueueCap ?? channels.max);

  if (!caps.known) {
    const virtio =
      nic.driver === 'virtio_net'
        ? '; the hypervisor decides its queues and offloads, and its virtual switch must pass promiscuous traffic'
        : '';
    notes.push(
      `${nic.name} (${driver}): not in Picket's driver table, so it gets one queue, rings and offloads only; ` +
        `no coalescing, pause-frame or MTU changes${virtio}`,
    );
  }

  let symmetricRss = caps.symmetricRss;
  if (symmetricRss !== null && nic.isVf) {
    notes.push(`${nic.name} is an SR-IOV VF: its RSS key may not be settable, so it gets one queue`);
    symmetricRss = null;
  }
  if (symmetricRss !== null && caps.symmetricMinKernel !== null) {
    const [major, minor] = caps.symmetricMinKernel;
    if (kernelAtLeast(kernelRelease, caps.symmetricMinKernel) !== true) {
      notes.push(
        `${nic.name} (${driver}): symmetric RSS needs the symmetric-xor input transform of kernel ${major}.${minor} or newer ` +
          `(this host runs ${kernelRelease || 'an unknown kernel'}), so it gets one queue`,
      );
      symmetricRss = null;
    } else {
      notes.push(`${nic.name} (${driver}): symmetric RSS by symmetric-xor needs ethtool ${major}.${minor} or newer on the host`);
    }
  }
  if (symmetricRss !== null && receiveHashingFixedOff(nic.offloads)) {
    notes.push(`${nic.name}: receive-hashing is off [fixed], so RSS cannot spread flows and it gets one queue`);
    symmetricRss = null;
  }
  if (caps.known && caps.symmetricRss === null) {
    notes.push(`${nic.name} (${driver}): no symmetric RSS on this driver, so it gets one queue and both directions of a flow stay in order`);
  }
  return { nic, caps, hasInterrupts: true, channels, queueLimit, symmetricRss, notes };
}
