/** Human-readable inventory: a summary per host and a NIC table. Pure: returns text. */
import { formatCpuList } from '../inventory/format-cpu-list.ts';
import type { HostInventory, Nic } from '../inventory/host-inventory.ts';


const GiB = 1024 ** 3;

function speed(mbps: number | null): string {
  if (mbps === null) return '-';
  return mbps >= 1000 && mbps % 1000 === 0 ? `${mbps / 1000}G` : `${mbps}M`;
}

function pair(current: number | null | undefined, max: number | null | undefined): string {
  if ((current ?? null) === null && (max ?? null) === null) return '-';
  return `${current ?? '-'}/${max ?? '-'}`;
}

function queues(nic: Nic): string {
  const c = nic.channels;
  if (!c) return '-';
  if (c.max.combined !== null || c.current.combined !== null) return `${pair(c.current.combined, c.max.combined)} comb`;
  return `${pair(c.current.rx, c.max.rx)} rx`;
}

function offloadSummary(nic: Nic): string {
  if (!nic.offloads) return '-';
  const watched = ['generic-receive-offload', 'large-receive-offload', 'tcp-segmentation-offload', 'generic-segmentation-offload', 'rx-vlan-offload'];
  const on = watched.filter((name) => nic.offloads?.[name]?.enabled);
  return on.length === 0 ? 'off' : on.map((n) => n.replace(/-offload$/, '').replace('generic-receive', 'gro').replace('large-receive', 'lro').replace('tcp-segmentation', 'tso').replace('generic-segmentation', 'gso')).join(',');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ').trimEnd());
}

export function formatInventory(label: string, address: string, inv: HostInventory): string {
  const lines: string[] = [];
  const { cpu, memory } = inv;
  lines.push(`${label}  ${address}  ${inv.hostname}  ${inv.os.prettyName || inv.os.id}  kernel ${inv.os.kernel}  virt ${inv.virtualization}`);
  lines.push(
    `  CPU     ${cpu.model || cpu.vendor} · ${cpu.sockets} socket${cpu.sockets === 1 ? '' : 's'} · ${cpu.cores} cores · ${cpu.threads} threads` +
      (cpu.virtualizationFlags.length ? ` · ${cpu.virtualizationFlags.join(',')}` : ''),
  );
  lines.push(`  NUMA    ${cpu.numaNodes.map((n) => `node${n.id}: cpus ${formatCpuList(n.cpus)}`).join('  ')}`);
  const huge = memory.hugepages.filter((h) => h.total > 0).map((h) => `${h.total}×${h.sizeKb >= 1048576 ? '1G' : `${h.sizeKb / 1024}M`}`);
  lines.push(`  Memory  ${(memory.totalBytes / GiB).toFixed(1)} GiB total, ${(memory.availableBytes / GiB).toFixed(1)} GiB available · hugepages ${huge.join(' ') || 'none'}`);
  lines.push(`  IOMMU   ${inv.iommu.enabled ? `on (${inv.iommu.groups} groups)` : 'off'} · time sync ${inv.timeSync.synchronized === null ? 'unknown' : inv.timeSync.synchronized ? 'yes' : 'NO'}${inv.timeSync.ntpService ? ` (${inv.timeSync.ntpService})` : ''}`);
  const rows = [['NIC', 'DRIVER', 'PCI', 'NUMA', 'SPEED', 'LINK', 'MTU', 'QUEUES cur/max', 'RX RING', 'OFFLOADS ON', 'SR-IOV', 'ROLE']];
  for (const nic of inv.nics) {
    rows.push([
      nic.name,
      nic.driver ?? '?',
      nic.pciAddress ?? '-',
      nic.numaNode === null ? '-' : String(nic.numaNode),
      speed(nic.speedMbps),
      nic.link,
      String(nic.mtu),
      queues(nic),
      nic.rings ? pair(nic.rings.current.rx, nic.rings.max.rx) : '-',
      offloadSummary(nic),
      nic.sriov ? `${nic.sriov.currentVfs}/${nic.sriov.totalVfs} VFs` : nic.isVf ? 'is a VF' : '-',
      nic.isManagement ? 'MANAGEMENT (never touched)' : nic.kind,
    ]);
  }
  lines.push(...table(rows).map((l) => `  ${l}`));
  for (const disk of inv.disks) {
    const mounts = disk.mounts.map((m) => `${m.path}${m.freeBytes === null ? '' : ` ${(m.freeBytes / GiB).toFixed(1)} GiB free`}`).join(', ');
    lines.push(`  Disk    ${disk.name} ${(disk.sizeBytes / GiB).toFixed(1)} GiB ${disk.rotational ? 'HDD' : 'SSD'}${disk.model ? ` ${disk.model}` : ''}${mounts ? ` · ${mounts}` : ''}`);
  }
  if (inv.missingTools.length) lines.push(`  Missing ${inv.missingTools.join(', ')} (facts taken from /sys and /proc instead)`);
  for (const warning of inv.warnings) lines.push(`  Warning ${warning}`);
  return lines.join('\n');
}
