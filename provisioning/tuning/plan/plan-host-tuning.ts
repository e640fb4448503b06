// One host's tuning plan: the CPU layout, each capture NIC's settings, and the host-wide settings (sysctls,
// kernel command line, irqbalance, governor), with notes saying what was decided and what could not be done.
// Pure: the same inventory and roles always give the same plan; an impossible request throws, naming the host.
// A host too small for the exclusive layout gets the shared one (plan-layout.ts), whose first note is a warning.
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import type { HostInventory, Nic } from '../../inventory/host-inventory.ts';
import { usesAmdNumaSplit } from './amd-numa-split.ts';
import { readCoreTopology, type CoreTopology } from './core-topology.ts';
import type { CaptureAssignment, CpuLayout, HostRole, HostTuningPlan, NicTuning, SensorHostInput } from './host-tuning-plan.ts';
import { chooseIrqPlacement, type IrqPlacementChoice } from './irq-placement.ts';
import { nicCaptureProfile, type NicCaptureProfile } from './nic-capture-profile.ts';
import { planCpuLayout, type NicCoreDemand } from './plan-cpu-layout.ts';
import { cmdlineLacks, planKernelArgs } from './plan-kernel-args.ts';
import { planLayout } from './plan-layout.ts';
import { planNicTuning } from './plan-nic-tuning.ts';
import { planSysctls } from './plan-sysctls.ts';
import { resolveNicNode } from './resolve-nic-node.ts';
import { virtualizationKind } from './virtualization-kind.ts';

/** Cores left unpinned, as a floor, for pods of roles sharing a sensor host (RKE2 asks 2 CPUs of a server). */
const SHARED_CORES_PER_ROLE: Partial<Record<HostRole, number>> = { server: 2, data: 2 };

interface CaptureNic {
  assignment: CaptureAssignment;
  nic: Nic;
  node: number;
  profile: NicCaptureProfile;
  choice: IrqPlacementChoice;
  nodeNote: string | null;
}

function checkCapture(input: SensorHostInput): void {
  const { host, inventory, capture } = input;
  if (capture.length > 0 && !input.roles.includes('sensor')) {
    throw new Error(`${host}: capture NICs are assigned (${capture.map((c) => c.nic).join(', ')}) but the host has no sensor role`);
  }
  const seen = new Set<string>();
  for (const assignment of capture) {
    const name = assignment.nic;
    if (seen.has(name)) throw new Error(`${host}: ${name} is assigned for capture twice`);
    seen.add(name);
    const nic = inventory.nics.find((candidate) => candidate.name === name);
    if (nic === undefined) throw new Error(`${host}: capture NIC ${name} is not in the host's inventory`);
    if (nic.isManagement || inventory.managementNic === name) {
      throw new Error(`${host}: ${name} carries the management connection and is never tuned for capture`);
    }
    if (assignment.engines.length === 0) throw new Error(`${host}: ${name} is assigned for capture with no engine`);
    if (new Set(assignment.engines).size !== assignment.engines.length) throw new Error(`${host}: ${name} lists an engine twice`);
    for (const engine of ['zeek', 'suricata'] as const) {
      const count = assignment.workers?.[engine];
      if (count === undefined) continue;
      if (!Number.isInteger(count) || count < 1) throw new Error(`${host}: ${name}: ${engine} workers must be a whole number of at least 1, not ${count}`);
      if (!assignment.engines.includes(engine)) throw new Error(`${host}: ${name}: ${engine} workers are set but ${engine} does not read this NIC`);
    }
  }
}

function governorNote(virtualization: string, kind: ReturnType<typeof virtualizationKind>): string | null {
  if (kind === 'vm') return `CPU governor and C-states left alone: a ${virtualization} guest has no cpufreq of its own`;
  return null;
}

function nonSensorPlan(input: SensorHostInput, topologyNotes: string[]): HostTuningPlan {
  const { host, inventory, roles } = input;
  const kind = virtualizationKind(inventory.virtualization);
  const { layout } = planCpuLayout({ host, cpu: inventory.cpu, nics: [], sharedCores: 0, sharedFor: '' });
  const kernelArgs = input.sriov ? planKernelArgs({ vendor: inventory.cpu.vendor, virtualization: kind, isolated: [], housekeeping: [], sriov: true }) : [];
  const notes = [...topologyNotes];
  notes.push(
    roles.includes('sensor')
      ? 'sensor role without capture NICs yet: no capture tuning, CPU pinning or CPU isolation'
      : `no sensor role (${roles.join(', ') || 'none'}): no capture tuning, CPU pinning or CPU isolation; IRQ balancing and the CPU governor are left as they are`,
  );
  if (roles.includes('data')) notes.push('data role: vm.max_map_count for OpenSearch, and swap kept for emergencies only');
  if (input.sriov && kind === 'container') notes.push('SR-IOV is planned but this is a container: the IOMMU arguments belong to its host');
  return {
    host,
    layoutMode: 'exclusive',
    layout,
    nics: [],
    sysctls: planSysctls(roles, []),
    kernelArgs,
    irqbalance: 'leave',
    cpuGovernor: null,
    rebootNeeded: kernelArgs.length > 0 && cmdlineLacks(kernelArgs, inventory.os.cmdline),
    notes,
  };
}

function captureNics(input: SensorHostInput, inventory: HostInventory, topology: CoreTopology): CaptureNic[] {
  const located = input.capture.map((assignment) => {
    const nic = inventory.nics.find((candidate) => candidate.name === assignment.nic)!;
    const resolved = resolveNicNode(nic, topology.nodes);
    return { assignment, nic, node: resolved.node, nodeNote: resolved.note };
  });
  const nicNodes = new Set(located.map((entry) => entry.node));
  const amdSplit =
    usesAmdNumaSplit(inventory.cpu.vendor, topology.nodes.length) && topology.nodes.some((node) => !nicNodes.has(node.id));
  return located.map((entry) => {
    const profile = nicCaptureProfile(entry.nic, inventory.os.kernel);
    const nodeShared = located.filter((other) => other.node === entry.node).length > 1;
    const choice = chooseIrqPlacement(profile, { engines: entry.assignment.engines, amdSplit, nodeShared });
    return { ...entry, profile, choice };
  });
}

export function planHostTuning(input: SensorHostInput): HostTuningPlan {
  const { host, inventory, roles } = input;
  checkCapture(input);
  const topology = readCoreTopology(inventory.cpu);
  if (topology.nodes.length === 0) throw new Error(`${host}: the inventory lists no online CPU on any NUMA node`);
  const topologyNotes =
    topology.unplaced.length > 0 ? [`CPUs ${formatCpuList(topology.unplaced)} belong to no NUMA node in sysfs and are left out of the plan`] : [];
  if (!roles.includes('sensor') || input.capture.length === 0) return nonSensorPlan(input, topologyNotes);

  const kind = virtualizationKind(inventory.virtualization);
  const nics = captureNics(input, inventory, topology);
  const coRoles = roles.filter((role) => (SHARED_CORES_PER_ROLE[role] ?? 0) > 0);
  const sharedCores = coRoles.reduce((total, role) => total + (SHARED_CORES_PER_ROLE[role] ?? 0), 0);
  const sharedFor = `the ${coRoles.join(' and ')} role${coRoles.length === 1 ? '' : 's'}`;
  const demands: NicCoreDemand[] = nics.map((entry) => ({
    nic: entry.nic.name,
    numaNode: entry.node,
    engines: entry.assignment.engines,
    ...(entry.assignment.workers === undefined ? {} : { workers: entry.assignment.workers }),
    irq: entry.choice.placement,
  }));
  const { mode, layout, warning, notes: layoutNotes } = planLayout({ host, cpu: inventory.cpu, nics: demands, sharedCores, sharedFor });
  const shared = mode === 'shared';
  const sharedCpus = new Set(layout.shared ?? []);
  const housekeepingShares = layout.housekeeping.some((cpu) => sharedCpus.has(cpu));

  const notes: string[] = warning === null ? [...topologyNotes] : [warning, ...topologyNotes];
  notes.push(
    housekeepingShares
      ? `housekeeping shares CPU${layout.housekeeping.length === 1 ? '' : 's'} ${formatCpuList(layout.housekeeping)} with the sensors: the host has a single physical core`
      : `housekeeping on CPUs ${formatCpuList(layout.housekeeping)} (the core holding CPU ${layout.housekeeping[0]} and its siblings)`,
  );
  if (sharedCores > 0) {
    notes.push(
      shared
        ? `no cores kept for ${sharedFor} in the shared layout: their pods run on the same CPUs as the sensors`
        : `${sharedCores} cores left unpinned for ${sharedFor}: a floor; cap the sensors' workers to leave them more`,
    );
  }
  notes.push(...layoutNotes);

  const tunings: NicTuning[] = [];
  let interruptNics = 0;
  for (const entry of nics) {
    const layoutEntry = layout.perNic.find((candidate) => candidate.nic === entry.nic.name)!;
    if (entry.nodeNote !== null) notes.push(entry.nodeNote);
    const sharedIrq = shared && entry.choice.placement.kind !== 'none';
    const result = planNicTuning({
      profile: entry.profile,
      // Each NIC's interrupts start one CPU further along, so single-queue NICs do not pile onto one CPU.
      placement: sharedIrq ? { kind: 'shared', cpus: rotate(layoutEntry.irq, interruptNics++) } : entry.choice.placement,
      placementReason: sharedIrq ? 'the shared layout gives interrupts no CPU of their own' : entry.choice.reason,
      entry: layoutEntry,
      nodes: layout.nodes,
      engines: entry.assignment.engines,
    });
    tunings.push(result.tuning);
    notes.push(...result.notes);
  }

  // Isolating every CPU but housekeeping makes no sense when Zeek, Suricata and interrupts all share them.
  const isolated = shared ? [] : isolatedCpus(layout);
  const kernelArgs = planKernelArgs({
    vendor: inventory.cpu.vendor,
    virtualization: kind,
    isolated,
    // irqaffinity keeps other devices' interrupts on housekeeping: pointless when housekeeping shares the only core.
    housekeeping: housekeepingShares ? [] : layout.housekeeping,
    sriov: input.sriov === true,
  });
  if (shared) {
    notes.push(
      'no CPU isolation (isolcpus, nohz_full, rcu_nocbs) in the shared layout: every sensor CPU runs several threads, ' +
        'so the scheduler must keep balancing them; pinning workers still spreads them evenly',
    );
  }
  if (kind === 'container') {
    notes.push(`${inventory.virtualization} container: the kernel command line, CPU governor and IRQ balancing belong to its host; none planned`);
    if (input.sriov) notes.push('SR-IOV is planned but this is a container: the IOMMU arguments belong to its host');
  } else if (isolated.length > 0) {
    notes.push('CPU isolation: the sensors must pin every worker thread (Zeek pin_cpus, Suricata cpu-affinity), as isolated CPUs get no load balancing');
  }
  notes.push('no hugepages: AF_PACKET capture rings do not use them');
  const governor = governorNote(inventory.virtualization, kind);
  if (governor !== null) notes.push(governor);

  return {
    host,
    layoutMode: mode,
    layout,
    nics: tunings,
    sysctls: planSysctls(roles, tunings.map((tuning) => tuning.nic)),
    kernelArgs,
    irqbalance: kind === 'container' ? 'leave' : 'disable',
    cpuGovernor: kind === 'bare-metal' ? 'performance' : null,
    rebootNeeded: kernelArgs.length > 0 && cmdlineLacks(kernelArgs, inventory.os.cmdline),
    notes,
  };
}

/** CPUs the exclusive layout takes away from the scheduler: sensor workers and the idle siblings of Zeek cores. */
function isolatedCpus(layout: CpuLayout): number[] {
  return [...layout.zeek, ...layout.perNic.flatMap((entry) => entry.zeekIdle), ...layout.suricata].sort((a, b) => a - b);
}

/** The list started `by` places further along, wrapping round. */
function rotate(cpus: readonly number[], by: number): number[] {
  if (cpus.length === 0) return [];
  const start = by % cpus.length;
  return [...cpus.slice(start), ...cpus.slice(0, start)];
}
