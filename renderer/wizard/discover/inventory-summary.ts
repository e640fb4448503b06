/** One host's inventory as its Discover card shows it: the few facts a network engineer checks first. */
import type { HostInventory } from '../../../provisioning/inventory/host-inventory.ts';

export interface InventorySummary {
  os: string;
  kernel: string;
  cpuModel: string;
  /** "2 sockets · 36 cores · 72 threads" */
  cpuShape: string;
  numa: string;
  memory: string;
  nics: string;
  management: string | null;
  virtualization: string | null;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${UNITS[unit]}`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatSpeed(mbps: number | null): string {
  if (mbps === null) return '—';
  return mbps >= 1000 ? `${mbps % 1000 === 0 ? mbps / 1000 : (mbps / 1000).toFixed(1)} Gb/s` : `${mbps} Mb/s`;
}

export function summarizeInventory(inventory: HostInventory): InventorySummary {
  const { cpu, nics } = inventory;
  const physical = nics.filter((n) => n.kind === 'physical').length;
  const other = nics.length - physical;
  return {
    os: inventory.os.prettyName,
    kernel: inventory.os.kernel,
    cpuModel: cpu.model,
    cpuShape: `${plural(cpu.sockets, 'socket')} · ${plural(cpu.cores, 'core')} · ${plural(cpu.threads, 'thread')}`,
    numa: plural(cpu.numaNodes.length, 'NUMA node'),
    memory: formatBytes(inventory.memory.totalBytes),
    nics: `${plural(nics.length, 'NIC')}${nics.length > 0 ? ` (${physical} physical${other > 0 ? `, ${other} virtual` : ''})` : ''}`,
    management: inventory.managementNic,
    virtualization: inventory.virtualization === 'none' ? null : inventory.virtualization,
  };
}
