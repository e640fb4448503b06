import { describe, expect, it } from 'vitest';
import { cluster, host, roomyInventory } from '../testing/fixture-host.ts';
import { iommu } from './iommu.ts';

function sriovHost(vendor: string, cmdline = 'ro quiet', virtualization = 'none') {
  const inventory = roomyInventory('sensor-1');
  inventory.cpu.vendor = vendor;
  inventory.os.cmdline = cmdline;
  inventory.virtualization = virtualization;
  return cluster([host('sensor-1', ['sensor'], inventory, { sriovPlanned: true })]);
}

describe('iommu', () => {
  it('passes when SR-IOV is not planned, or the IOMMU is on', () => {
    expect(iommu(cluster([host('sensor-1', ['sensor'], roomyInventory('sensor-1'))]))).toEqual([]);
    const on = sriovHost('GenuineIntel');
    on.hosts[0]!.inventory.iommu = { enabled: true, groups: 40 };
    expect(iommu(on)).toEqual([]);
  });

  it('Intel: the kernel arguments to add', () => {
    expect(iommu(sriovHost('GenuineIntel'))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'iommu',
        message: 'sensor-1 is planned for SR-IOV but its IOMMU is off; virtual functions cannot be given to sensor pods without it',
        fix: 'add intel_iommu=on iommu=pt to the kernel command line and reboot, with VT-d enabled in the BIOS/UEFI setup',
      },
    ]);
  });

  it('Intel with intel_iommu=on already: the firmware is the culprit', () => {
    expect(iommu(sriovHost('GenuineIntel', 'ro intel_iommu=on iommu=pt'))[0]?.fix).toBe(
      'intel_iommu=on is already on the kernel command line, so VT-d is off in the firmware: enable it in the BIOS/UEFI setup and reboot',
    );
  });

  it('AMD: firmware plus iommu=pt (amd_iommu has no "on")', () => {
    expect(iommu(sriovHost('AuthenticAMD', 'ro', 'kvm'))[0]?.fix).toBe(
      'enable the IOMMU (AMD-Vi) in the BIOS/UEFI setup, add iommu=pt to the kernel command line, and reboot (in a kvm guest the hypervisor must also expose a virtual IOMMU and pass the NIC through)',
    );
  });

  it('a command line that turns it off: remove that', () => {
    expect(iommu(sriovHost('AuthenticAMD', 'ro amd_iommu=off'))[0]?.fix).toBe('remove amd_iommu=off from the kernel command line, add iommu=pt, and reboot');
  });
});

describe('iommu in a container', () => {
  it('points at the machine the container runs on', () => {
    expect(iommu(sriovHost('AuthenticAMD', 'ro', 'systemd-nspawn'))[0]?.fix).toBe(
      'enable the IOMMU (AMD-Vi) in the BIOS/UEFI setup, add iommu=pt to the kernel command line, and reboot (this host is a systemd-nspawn container: all of this applies to the machine it runs on)',
    );
  });
});
