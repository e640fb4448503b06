/**
 * `sriov-capable`: when SR-IOV is planned for a host, each of its capture NICs must offer virtual functions
 * (sysfs sriov_totalvfs > 0; RKE2 lists this with the IOMMU among the SR-IOV prerequisites). A missing NIC, or
 * the management NIC named as a capture NIC, is capture-nic's to report.
 */
import type { Finding, PreflightInput } from '../finding.ts';

export function sriovCapable(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host) => {
    if (!host.sriovPlanned) return [];
    return host.capture.flatMap(({ nic: name }): Finding[] => {
      const nic = host.inventory.nics.find((n) => n.name === name);
      if (!nic || nic.isManagement || (nic.sriov?.totalVfs ?? 0) > 0) return [];
      return [
        {
          severity: 'fail',
          host: host.name,
          check: 'sriov-capable',
          message: `${name} on ${host.name} offers no SR-IOV virtual functions (${nic.sriov ? 'sriov_totalvfs is 0' : 'no sriov_totalvfs in sysfs'}), yet SR-IOV is planned for it`,
          fix: `enable SR-IOV for ${name} in the BIOS/UEFI setup (or the NIC's firmware tool), or capture on ${name} with host-device instead of SR-IOV`,
        },
      ];
    });
  });
}
