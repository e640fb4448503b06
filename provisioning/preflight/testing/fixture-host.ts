/**
 * Spec helpers: preflight inputs built from the real inventory of the lab VM (test/fixtures/probe), copied and
 * changed per test. The fixture: hostname "vm", Debian 12, 2 physical cores, 23.5 GiB RAM, / with 83.5 GB free
 * of 270.6 GB on a rotational vda, management NIC eth0 (MTU 1400), veths pkl1c0… (MTU 1500), IOMMU off.
 */
import { readFileSync } from 'node:fs';
import type { HostInventory, Nic } from '../../inventory/host-inventory.ts';
import { parseProbeOutput } from '../../inventory/parse-probe-output.ts';
import type { PreflightHost, PreflightInput, Role } from '../finding.ts';
import { GiB } from '../quantity.ts';

const fixture = (file: string) => readFileSync(new URL(`../../../test/fixtures/probe/${file}`, import.meta.url), 'utf8');

const THIS_MACHINE = parseProbeOutput(fixture('this-machine.txt'), fixture('this-machine.marker').trim());

/** A fresh copy of the fixture inventory, safe to change. */
export function fixtureInventory(): HostInventory {
  return structuredClone(THIS_MACHINE);
}

/** A host that meets every role minimum: 16 cores, 64 GiB, 1 TB free on /, capture NICs cap0 and cap1 with link. */
export function roomyInventory(hostname: string): HostInventory {
  const inventory = fixtureInventory();
  inventory.hostname = hostname;
  inventory.cpu.cores = 16;
  inventory.memory.totalBytes = 64 * GiB;
  const root = inventory.disks.flatMap((d) => d.mounts).find((m) => m.path === '/')!;
  root.sizeBytes = 2e12;
  root.freeBytes = 1e12;
  for (const disk of inventory.disks) disk.rotational = false;
  inventory.timeSync = { synchronized: true, ntpService: 'chronyd', epochSeconds: inventory.timeSync.epochSeconds };
  renameNic(inventory, 'pkl1c0', 'cap0');
  renameNic(inventory, 'pkl1c1', 'cap1');
  return inventory;
}

export function nic(inventory: HostInventory, name: string): Nic {
  const found = inventory.nics.find((n) => n.name === name);
  if (!found) throw new Error(`fixture has no NIC ${name}`);
  return found;
}

export function renameNic(inventory: HostInventory, from: string, to: string): void {
  nic(inventory, from).name = to;
}

export function host(name: string, roles: Role[], inventory: HostInventory, changes: Partial<PreflightHost> = {}): PreflightHost {
  return { name, roles, inventory, capture: roles.includes('sensor') ? [{ nic: 'cap0' }] : [], sriovPlanned: false, ...changes };
}

export function cluster(hosts: PreflightHost[], changes: Partial<PreflightInput> = {}): PreflightInput {
  return { mode: 'cluster', hosts, ...changes };
}
