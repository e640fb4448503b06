/**
 * A host's NICs as the Roles & NICs table lists them, and the choice of capture NICs: what cluster.yaml says now
 * (matched to the inventory by the NIC discovery resolved, by PCI address, or by name and MAC), what the user is
 * choosing, and the capture list hosts.update sends. The management NIC can never be chosen: it carries this
 * very SSH session.
 */
import type { Engine, Role } from '../../../provisioning/contract/cluster-vocabulary.ts';
import type { HostSummary } from '../../../provisioning/contract/project-summary.ts';
import type { HostInventory, Nic } from '../../../provisioning/inventory/host-inventory.ts';
import type { RoleEdit } from '../../store/wizard-store.ts';
import { formatSpeed } from '../discover/inventory-summary.ts';

export interface NicRow {
  name: string;
  kind: Nic['kind'];
  driver: string;
  pci: string | null;
  mac: string;
  numa: string;
  speed: string;
  link: Nic['link'];
  mtu: number;
  queues: string;
  sriov: string;
  locked: boolean;
  /** Why it cannot be chosen; null when it can. */
  lockReason: string | null;
}

export const BOTH_ENGINES: Engine[] = ['zeek', 'suricata'];

export function nicRows(inventory: HostInventory): NicRow[] {
  return inventory.nics.map((nic) => {
    const locked = nic.isManagement || nic.name === inventory.managementNic;
    const channels = nic.channels?.current;
    const queues = channels ? (channels.combined ?? channels.rx ?? null) : null;
    return {
      name: nic.name,
      kind: nic.kind,
      driver: nic.driver ?? '—',
      pci: nic.pciAddress,
      mac: nic.mac,
      numa: nic.numaNode === null ? '—' : String(nic.numaNode),
      speed: formatSpeed(nic.speedMbps),
      link: nic.link,
      mtu: nic.mtu,
      queues: queues === null ? '—' : String(queues),
      sriov: nic.sriov ? `${nic.sriov.currentVfs}/${nic.sriov.totalVfs} VFs` : '—',
      locked,
      lockReason: locked ? 'carries this SSH session' : nic.kind === 'virtual' ? 'a bridge, bond or VLAN: capture on its ports' : null,
    };
  });
}

/** The inventory NIC a cluster.yaml capture entry names. */
function nicOfEntry(entry: HostSummary['capture'][number], inventory: HostInventory): Nic | undefined {
  return inventory.nics.find((nic) =>
    entry.resolved !== null
      ? nic.name === entry.resolved
      : entry.pci !== null
        ? nic.pciAddress?.toLowerCase() === entry.pci.toLowerCase()
        : nic.name === entry.name && nic.mac.toLowerCase() === (entry.mac ?? '').toLowerCase(),
  );
}

/** What cluster.yaml says now, as an edit to start from. */
export function editFromHost(host: HostSummary, inventory: HostInventory): RoleEdit {
  const capture: Record<string, Engine[]> = {};
  for (const entry of host.capture) {
    const nic = nicOfEntry(entry, inventory);
    if (nic) capture[nic.name] = entry.engines;
  }
  return { roles: host.roles, capture };
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function sameEdit(a: RoleEdit, b: RoleEdit): boolean {
  const names = new Set([...Object.keys(a.capture), ...Object.keys(b.capture)]);
  return sameSet(a.roles, b.roles) && [...names].every((n) => sameSet(a.capture[n] ?? [], b.capture[n] ?? []));
}

/** Toggles a role; taking sensor away lets go of the capture NICs (only sensors capture). */
export function toggleRole(edit: RoleEdit, role: Role): RoleEdit {
  const has = edit.roles.includes(role);
  const roles = has ? edit.roles.filter((r) => r !== role) : [...edit.roles, role];
  return { roles, capture: role === 'sensor' && has ? {} : edit.capture };
}

/** Ticks or unticks a NIC for capture (both engines by default); ticking one makes the host a sensor. */
export function toggleCapture(edit: RoleEdit, nic: string): RoleEdit {
  if (nic in edit.capture) {
    const { [nic]: _gone, ...rest } = edit.capture;
    return { ...edit, capture: rest };
  }
  return { roles: edit.roles.includes('sensor') ? edit.roles : [...edit.roles, 'sensor'], capture: { ...edit.capture, [nic]: BOTH_ENGINES } };
}

/** Sets the engines reading a NIC; at least one stays (a NIC with none is simply not captured). */
export function toggleEngine(edit: RoleEdit, nic: string, engine: Engine): RoleEdit {
  const engines = edit.capture[nic];
  if (!engines) return edit;
  const next = engines.includes(engine) ? engines.filter((e) => e !== engine) : BOTH_ENGINES.filter((e) => e === engine || engines.includes(e));
  return next.length === 0 ? edit : { ...edit, capture: { ...edit.capture, [nic]: next } };
}

export type CaptureChoice = { pci: string; engines: Engine[] } | { name: string; mac: string; engines: Engine[] };

/** The capture list of hosts.update: a physical NIC or VF by PCI address, a virtual one by name and MAC. */
export function captureChoices(edit: RoleEdit, inventory: HostInventory): CaptureChoice[] {
  return inventory.nics.flatMap((nic): CaptureChoice[] => {
    const engines = edit.capture[nic.name];
    if (!engines || engines.length === 0) return [];
    return nic.pciAddress && (nic.kind === 'physical' || nic.kind === 'vf') ? [{ pci: nic.pciAddress, engines }] : [{ name: nic.name, mac: nic.mac, engines }];
  });
}
