/**
 * Matches a host's capture NICs in the spec against its inventory: which real NIC each entry means, and whether
 * it may capture at all (never the management NIC), with enough cores for the workers asked for. Pure.
 */
import type { HostInventory, Nic } from '../inventory/host-inventory.ts';
import type { CaptureNicSpec, HostSpec } from './cluster-spec.ts';
import { formatPath } from './spec-error.ts';

export interface ResolvedCaptureNic {
  spec: CaptureNicSpec;
  nic: Nic;
}

/** An error about one capture NIC; `path` is relative to the host (`capture[0].pci`). */
export interface CaptureNicError {
  path: string;
  message: string;
}

export interface CaptureNicResolution {
  nics: ResolvedCaptureNic[];
  errors: CaptureNicError[];
}

/** Cores kept for the operating system, the kubelet and NIC interrupts, never given to a sensor worker. */
export const HOUSEKEEPING_CORES = 1;

function describeNics(inventory: HostInventory): string {
  return inventory.nics.map((nic) => `${nic.name} ${nic.pciAddress ?? 'no-pci'} ${nic.driver ?? 'no-driver'}`).join(', ');
}

/** The NIC a capture entry names, or why there is none; `field` is the entry's key the error is about. */
type Found = { nic: Nic } | { error: { field: 'pci' | 'name' | 'mac'; message: string } };

function findNic(spec: CaptureNicSpec, inventory: HostInventory, host: string): Found {
  const nics = `its NICs: ${describeNics(inventory) || 'none'}`;
  if (spec.pci !== undefined) {
    const nic = inventory.nics.find((n) => n.pciAddress?.toLowerCase() === spec.pci);
    if (nic) return { nic };
    return { error: { field: 'pci', message: `no NIC with PCI address ${spec.pci} on ${host} (${nics}): pick one of these` } };
  }
  const nic = inventory.nics.find((n) => n.name === spec.name);
  const byMac = inventory.nics.find((n) => n.mac.toLowerCase() === spec.mac);
  if (!nic) {
    const moved = byMac ? `: the NIC with MAC ${spec.mac} is now named ${byMac.name} — check it is the port you mean and update name` : ` (${nics}): pick one of these`;
    return { error: { field: 'name', message: `no NIC named ${spec.name} on ${host}${moved}` } };
  }
  if (nic.mac.toLowerCase() !== spec.mac) {
    const where = byMac ? ` (${spec.mac} is now ${byMac.name})` : '';
    return {
      error: {
        field: 'mac',
        message: `${spec.name} on ${host} has MAC ${nic.mac}, not ${spec.mac}${where}: the name may now belong to another port — check picket inventory and update name and mac together`,
      },
    };
  }
  return { nic };
}

export function resolveCaptureNics(host: HostSpec, inventory: HostInventory): CaptureNicResolution {
  const nics: ResolvedCaptureNic[] = [];
  const errors: CaptureNicError[] = [];
  const chosen = new Map<string, number>();
  (host.capture ?? []).forEach((spec, index) => {
    const at = (field?: string) => formatPath(field ? ['capture', index, field] : ['capture', index]);
    const found = findNic(spec, inventory, host.name);
    if ('error' in found) {
      errors.push({ path: at(found.error.field), message: found.error.message });
      return;
    }
    const { nic } = found;
    if (nic.isManagement) {
      errors.push({ path: at(), message: `${nic.name} carries the SSH session (management NIC): it is never used for capture — pick another port` });
      return;
    }
    const first = chosen.get(nic.name);
    if (first !== undefined) {
      errors.push({ path: at(), message: `${nic.name} is already capture[${first}]: list each NIC once (one NIC can feed several engines)` });
      return;
    }
    chosen.set(nic.name, index);
    nics.push({ spec, nic });
  });

  // Each engine's workers get cores of their own (zeek and suricata do not share), so they add up per host.
  const workers = (host.capture ?? []).reduce((sum, nic) => sum + (nic.workers?.zeek ?? 0) + (nic.workers?.suricata ?? 0), 0);
  const available = Math.max(0, inventory.cpu.cores - HOUSEKEEPING_CORES);
  if (workers > available) {
    errors.push({
      path: 'capture',
      message:
        `more workers (${workers}) than cores available (${available}): ${host.name} has ${inventory.cpu.cores} physical cores and keeps ` +
        `${HOUSEKEEPING_CORES} for housekeeping — lower workers, or leave them out and the tuning planner sizes them`,
    });
  }
  return { nics, errors };
}
