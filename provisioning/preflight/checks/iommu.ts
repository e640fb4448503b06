/**
 * `iommu`: SR-IOV hands virtual functions to pods, which needs the IOMMU on (RKE2 lists it among the SR-IOV
 * prerequisites). The fix depends on the CPU vendor and on what the kernel command line already says: Intel
 * needs intel_iommu=on; AMD's IOMMU starts by itself once the firmware exposes it (amd_iommu has no "on"
 * value); iommu=pt keeps host-driver DMA untranslated, so capture pays no IOMMU cost.
 */
import type { HostInventory } from '../../inventory/host-inventory.ts';
import type { Finding, PreflightInput } from '../finding.ts';

function cmdlineHas(cmdline: string, arg: string): boolean {
  return cmdline.split(/\s+/).includes(arg);
}

// systemd-detect-virt's container names: a container shares the IOMMU of the machine it runs on.
const CONTAINERS: ReadonlySet<string> = new Set(['systemd-nspawn', 'docker', 'podman', 'lxc', 'lxc-libvirt', 'openvz', 'rkt', 'wsl', 'proot', 'pouch', 'container-other']);

function virtualizationNote(virtualization: string): string {
  if (virtualization === 'none') return '';
  if (CONTAINERS.has(virtualization)) return ` (this host is a ${virtualization} container: all of this applies to the machine it runs on)`;
  return ` (in a ${virtualization} guest the hypervisor must also expose a virtual IOMMU and pass the NIC through)`;
}

function fixFor(inventory: HostInventory): string {
  const { cmdline } = inventory.os;
  const disabling = ['iommu=off', 'intel_iommu=off', 'amd_iommu=off'].filter((arg) => cmdlineHas(cmdline, arg));
  if (disabling.length > 0) return `remove ${disabling.join(' ')} from the kernel command line, add iommu=pt, and reboot`;
  const vm = virtualizationNote(inventory.virtualization);
  switch (inventory.cpu.vendor) {
    case 'GenuineIntel':
      return cmdlineHas(cmdline, 'intel_iommu=on')
        ? `intel_iommu=on is already on the kernel command line, so VT-d is off in the firmware: enable it in the BIOS/UEFI setup and reboot${vm}`
        : `add intel_iommu=on iommu=pt to the kernel command line and reboot, with VT-d enabled in the BIOS/UEFI setup${vm}`;
    case 'AuthenticAMD':
      return `enable the IOMMU (AMD-Vi) in the BIOS/UEFI setup, add iommu=pt to the kernel command line, and reboot${vm}`;
    default:
      return `enable the IOMMU in the firmware setup, add iommu=pt to the kernel command line, and reboot${vm}`;
  }
}

export function iommu(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host): Finding[] => {
    if (!host.sriovPlanned || host.inventory.iommu.enabled) return [];
    return [
      {
        severity: 'fail',
        host: host.name,
        check: 'iommu',
        message: `${host.name} is planned for SR-IOV but its IOMMU is off; virtual functions cannot be given to sensor pods without it`,
        fix: fixFor(host.inventory),
      },
    ];
  });
}
