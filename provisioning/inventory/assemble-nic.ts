// One Nic from everything the probe saw about it: the sysfs block, the four ethtool outputs and iproute2's view.
// sysfs wins where both know a fact (it needs no tools); ethtool and iproute2 fill what sysfs cannot say.
import type { Nic } from './host-inventory.ts';
import {
  parseEthtoolChannels,
  parseEthtoolDriverInfo,
  parseEthtoolFeatures,
  parseEthtoolRings,
} from './parse-ethtool.ts';
import type { IpLink } from './parse-iproute.ts';
import { isPciAddress, pciAddressFromPath, type NicSysfs } from './parse-nic-sysfs.ts';

export interface NicEvidence {
  name: string;
  sysfs: NicSysfs | null;
  ethtoolI: string | null;
  ethtoolL: string | null;
  ethtoolG: string | null;
  ethtoolK: string | null;
  ipLink: IpLink | null;
  addresses: string[];
  isManagement: boolean;
}

function kindOf(sysfs: NicSysfs | null, ipLink: IpLink | null, driver: string | null, pci: string | null): Nic['kind'] {
  if (sysfs?.isVf === true) return 'vf';
  if (ipLink?.kind === 'veth' || (ipLink === null && driver === 'veth')) return 'veth';
  // A netdev with a device below it is hardware (or a hypervisor's emulation of it, like virtio_net).
  if (sysfs?.devicePath != null || pci !== null) return 'physical';
  return 'virtual';
}

function linkOf(carrier: boolean | null, operState: string): Nic['link'] {
  if (carrier !== null) return carrier ? 'up' : 'down';
  // carrier cannot be read while the interface is administratively down; no link then either.
  return operState === 'down' ? 'down' : 'unknown';
}

export function assembleNic(evidence: NicEvidence): Nic {
  const { sysfs, ipLink } = evidence;
  const info = evidence.ethtoolI === null ? null : parseEthtoolDriverInfo(evidence.ethtoolI);
  const driver = sysfs?.driver ?? info?.driver ?? null;
  const operState = sysfs?.operState ?? ipLink?.operState?.toLowerCase() ?? 'unknown';
  const busInfo = info?.busInfo ?? null;
  const pciAddress =
    busInfo !== null && isPciAddress(busInfo)
      ? busInfo.toLowerCase()
      : sysfs?.devicePath != null
        ? pciAddressFromPath(sysfs.devicePath)
        : null;
  return {
    name: evidence.name,
    mac: sysfs?.mac ?? ipLink?.mac?.toLowerCase() ?? '',
    kind: kindOf(sysfs, ipLink, driver, pciAddress),
    driver,
    driverVersion: info?.version ?? null,
    firmwareVersion: info?.firmwareVersion ?? null,
    pciAddress,
    vendorId: sysfs?.vendorId ?? null,
    deviceId: sysfs?.deviceId ?? null,
    numaNode: sysfs?.numaNode ?? null,
    localCpus: sysfs?.localCpus ?? null,
    speedMbps: sysfs?.speedMbps ?? null,
    link: linkOf(sysfs?.carrier ?? null, operState),
    operState,
    mtu: sysfs?.mtu ?? ipLink?.mtu ?? 0,
    channels: evidence.ethtoolL === null ? null : parseEthtoolChannels(evidence.ethtoolL),
    rings: evidence.ethtoolG === null ? null : parseEthtoolRings(evidence.ethtoolG),
    offloads: evidence.ethtoolK === null ? null : parseEthtoolFeatures(evidence.ethtoolK),
    sriov:
      sysfs?.sriovTotalVfs != null ? { totalVfs: sysfs.sriovTotalVfs, currentVfs: sysfs.sriovNumVfs ?? 0 } : null,
    isVf: sysfs?.isVf ?? false,
    isManagement: evidence.isManagement,
    addresses: evidence.addresses,
  };
}
