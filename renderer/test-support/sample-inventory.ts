/**
 * Small, hand-written inventories for the renderer's specs: pure data in the contract's shape (the real fixtures
 * in test/fixtures read files, which the renderer's code may not).
 */
import type { HostInventory, Nic } from '../../provisioning/inventory/host-inventory.ts';

export function sampleNic(name: string, facts: Partial<Nic> = {}): Nic {
  return {
    name,
    mac: '02:00:00:00:00:01',
    kind: 'physical',
    driver: 'i40e',
    driverVersion: null,
    firmwareVersion: null,
    pciAddress: '0000:3b:00.0',
    vendorId: null,
    deviceId: null,
    numaNode: 0,
    localCpus: null,
    speedMbps: 10000,
    link: 'up',
    operState: 'up',
    mtu: 1500,
    channels: { max: { rx: null, tx: null, other: 1, combined: 64 }, current: { rx: null, tx: null, other: 1, combined: 8 } },
    rings: null,
    offloads: null,
    sriov: { totalVfs: 64, currentVfs: 0 },
    isVf: false,
    isManagement: false,
    addresses: [],
    ...facts,
  };
}

export function sampleInventory(nics: Nic[] = [sampleNic('eno1', { isManagement: true, pciAddress: '0000:01:00.0' }), sampleNic('ens1f0')]): HostInventory {
  return {
    hostname: 'sensor-1',
    os: { id: 'debian', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', kernel: '6.1.0-18-amd64', cmdline: '' },
    cpu: {
      model: 'Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz',
      vendor: 'GenuineIntel',
      sockets: 2,
      cores: 36,
      threads: 72,
      threadsPerCore: 2,
      onlineCpus: [],
      numaNodes: [
        { id: 0, cpus: [], memoryBytes: null },
        { id: 1, cpus: [], memoryBytes: null },
      ],
      smtSiblings: [],
      virtualizationFlags: [],
    },
    memory: { totalBytes: 256 * 1024 ** 3, availableBytes: 200 * 1024 ** 3, hugepages: [], transparentHugepages: 'madvise' },
    nics,
    disks: [],
    filesystems: [],
    iommu: { enabled: true, groups: 80 },
    virtualization: 'none',
    timeSync: { synchronized: true, ntpService: 'chrony', epochSeconds: 1_700_000_000 },
    managementNic: nics.find((n) => n.isManagement)?.name ?? null,
    missingTools: [],
    warnings: [],
  };
}
