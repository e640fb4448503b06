// What the planner is given about one host and what it decides for it. Pure data: the tuning steps turn a
// HostTuningPlan into changes on the host, `picket plan` prints it, the sensor charts read the CPU layout.
import type { HostInventory } from '../../inventory/host-inventory.ts';

export type HostRole = 'server' | 'agent' | 'sensor' | 'data';
export type CaptureEngine = 'zeek' | 'suricata';

export interface CaptureAssignment {
  /** NIC name, already resolved and validated not to be the management NIC. */
  nic: string;
  engines: CaptureEngine[];
  /** Zeek: worker processes (one per physical core). Suricata: worker threads (both threads of each core). */
  workers?: { zeek?: number; suricata?: number };
}

export interface SensorHostInput {
  /** Host name, for messages. */
  host: string;
  inventory: HostInventory;
  roles: HostRole[];
  capture: CaptureAssignment[];
  /** SR-IOV VFs are planned on this host (then the IOMMU kernel arguments). */
  sriov?: boolean;
}

export interface SysctlSetting {
  key: string;
  value: string;
  why: string;
}

export interface KernelArg {
  arg: string;
  why: string;
}

/**
 * exclusive: whole cores per role, worker CPUs isolated from the scheduler (tuning reference §3.2).
 * shared: a host too small for that (a lab VM, a 2- or 4-core kit) — Zeek, Suricata and the NICs' interrupts
 * share the CPUs housekeeping leaves, nothing is isolated, and drops under load are to be expected.
 */
export type LayoutMode = 'exclusive' | 'shared';

export interface HostTuningPlan {
  host: string;
  /** The planner always sets it; absent (plans written by hand, older journals) means exclusive. */
  layoutMode?: LayoutMode;
  layout: CpuLayout;
  /** One per capture NIC, in the order of the input's capture list. */
  nics: NicTuning[];
  sysctls: SysctlSetting[];
  kernelArgs: KernelArg[];
  irqbalance: 'disable' | 'leave';
  /** null when the host has no cpufreq to set (VMs, containers) or captures nothing; the notes say which. */
  cpuGovernor: 'performance' | null;
  /** A planned kernel argument is missing from the running kernel's command line. */
  rebootNeeded: boolean;
  /** What was decided and why, and what could not be done. */
  notes: string[];
}

export type SymmetricRss = 'low-entropy-key' | 'xor';

export interface NicTuning {
  nic: string;
  /** The node the NIC's interrupts are served on (an unknown node becomes node 0, with a note). */
  numaNode: number;
  /** ethtool -k feature names to turn off: present in the inventory and not [fixed]. */
  offloadsOff: string[];
  /** null when the driver reports no ring sizes (veth, some virtio). */
  rings: { rx: number; tx: number } | null;
  /** null when the queue count cannot or should not be set (no channel report, no hardware queues). */
  channels: { kind: 'combined' | 'rx'; count: number } | null;
  /** How the NIC is made to hash both directions of a flow to one queue; null with a single queue. */
  symmetricRss: SymmetricRss | null;
  /** Fixed interrupt rate; null for drivers Picket does not know to accept it. */
  coalescing: { adaptiveRx: false; rxUsecs: number } | null;
  promisc: true;
  /** null = leave the MTU as it is. */
  mtu: number | null;
  /** Where the interrupts go, one CPU per queue in queue order; NUMA-local, never CPU 0; empty without hardware interrupts. */
  irqCpus: number[];
  // The planner always sets the three below; they are optional so plans written by hand (lab specs, older
  // journals) stay valid.
  /** ethtool -k feature names to turn on: receive-hashing when the NIC spreads over several queues. */
  offloadsOn?: string[];
  /** Turn Ethernet pause frames off (they hide drops); false where the driver is not known to support it. */
  pauseFramesOff?: boolean;
  /** ethtool --set-priv-flags names to turn off (i40e's Flow Director ATR reorders packets). */
  privateFlagsOff?: string[];
}

/**
 * One capture NIC's share of the CPUs. Arrays hold logical CPU ids, ascending. In the shared layout `irq`,
 * `zeekWorkers` and `suricataWorkers` overlap by design (all on the layout's `shared` CPUs) and the idle, control
 * and management lists are empty: those threads are not pinned.
 */
export interface NicCpuLayout {
  nic: string;
  numaNode: number;
  /**
   * Exclusive layout: cores given to this NIC's interrupts alone (both threads of each); empty when interrupts share
   * worker CPUs. Shared layout: the sensor CPUs its interrupts take turns on (never CPU 0 unless it is the only
   * CPU); empty for a NIC without hardware interrupts.
   */
  irq: number[];
  /** One Zeek worker process per physical core, on the core's first thread. */
  zeekWorkers: number[];
  /** The other threads of Zeek worker cores: kept idle so each worker has its core to itself. */
  zeekIdle: number[];
  /** One core for Zeek's manager, logger and proxy (they run in the Zeek container). */
  zeekControl: number[];
  /** Suricata worker threads, on both threads of each core. */
  suricataWorkers: number[];
  /** One core for Suricata's management threads (flow manager, recycler, counters). */
  suricataManagement: number[];
}

/**
 * Exclusive layout: no CPU is in two roles (housekeeping, irq, zeek, the per-NIC idle/control/management lists,
 * suricata, unused). Shared layout: housekeeping, shared and unused do not overlap — except that on a host with a
 * single physical core housekeeping shares it, so its CPUs are in `shared` too — and irq, zeek and suricata are
 * subsets of `shared`.
 */
export interface CpuLayout {
  /** NUMA nodes with online CPUs; `cores` (always set by the planner) groups SMT siblings per physical core. */
  nodes: { id: number; cpus: number[]; cores?: number[][] }[];
  /** Core 0 and its siblings: the OS, kubelet and everything not pinned elsewhere. */
  housekeeping: number[];
  /**
   * Shared layout only (empty in the exclusive one): the CPUs Zeek workers, Suricata workers and the NICs'
   * interrupts share. The planner always sets it; absent in plans written by hand.
   */
  shared?: number[];
  /** Dedicated IRQ cores, all NICs. */
  irq: number[];
  /** Zeek worker CPUs, all NICs (their idle siblings and the control cores are per NIC only). */
  zeek: number[];
  /** Suricata worker CPUs, all NICs (the management cores are per NIC only). */
  suricata: number[];
  perNic: NicCpuLayout[];
  /** Pinned to nothing: the shared pool for the cluster's other pods. */
  unused: number[];
}
