// The typed result of one inventory probe. Field names are part of the CLI's --json output and are read by the
// preflight, tuning and sensor-layout code, so they change only together with those.
import { z } from 'zod';

const count = z.number().int().nonnegative();
const cpuId = z.number().int().nonnegative();

/** ethtool -l: one value per channel type; `n/a` (the driver has no such channel type) becomes null. */
const ChannelCountsSchema = z.object({
  rx: count.nullable(),
  tx: count.nullable(),
  other: count.nullable(),
  combined: count.nullable(),
});

export const NicChannelsSchema = z.object({ max: ChannelCountsSchema, current: ChannelCountsSchema });

const RingSizesSchema = z.object({ rx: count.nullable(), tx: count.nullable() });
export const NicRingsSchema = z.object({ max: RingSizesSchema, current: RingSizesSchema });

/** One ethtool -k line: `fixed` means the driver will refuse to change it. */
export const NicOffloadSchema = z.object({ enabled: z.boolean(), fixed: z.boolean() });

export const NicSchema = z.object({
  name: z.string().min(1),
  mac: z.string(),
  /** physical: has a device below it; vf: SR-IOV virtual function; veth: veth pair end; virtual: bridge, bond, vlan… */
  kind: z.enum(['physical', 'vf', 'veth', 'virtual']),
  driver: z.string().nullable(),
  driverVersion: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  pciAddress: z.string().nullable(),
  vendorId: z.string().nullable(),
  deviceId: z.string().nullable(),
  /** null when the kernel does not know (sysfs says -1) or there is no device. */
  numaNode: z.number().int().nonnegative().nullable(),
  localCpus: z.array(cpuId).nullable(),
  speedMbps: count.nullable(),
  link: z.enum(['up', 'down', 'unknown']),
  operState: z.string(),
  mtu: count,
  channels: NicChannelsSchema.nullable(),
  rings: NicRingsSchema.nullable(),
  offloads: z.record(z.string(), NicOffloadSchema).nullable(),
  sriov: z.object({ totalVfs: count, currentVfs: count }).nullable(),
  isVf: z.boolean(),
  /** Carries the installer's SSH session: the management NIC itself, or a port/lower device under it. */
  isManagement: z.boolean(),
  /** CIDR strings, IPv4 and IPv6, as configured (link-local included). */
  addresses: z.array(z.string()),
});

export const NumaNodeSchema = z.object({
  id: z.number().int().nonnegative(),
  cpus: z.array(cpuId),
  memoryBytes: count.nullable(),
});

export const CpuSchema = z.object({
  model: z.string(),
  vendor: z.string(),
  sockets: count,
  /** Physical cores: distinct (package, core) pairs, because core_id repeats on every socket. */
  cores: count,
  threads: count,
  threadsPerCore: count,
  onlineCpus: z.array(cpuId),
  numaNodes: z.array(NumaNodeSchema),
  /** One group per physical core: the logical CPUs that share it (singletons when SMT is off). */
  smtSiblings: z.array(z.array(cpuId)),
  /** Hardware virtualization flags present on the CPU (vmx, svm). */
  virtualizationFlags: z.array(z.string()),
});

export const MemorySchema = z.object({
  totalBytes: count,
  availableBytes: count,
  hugepages: z.array(z.object({ sizeKb: count, total: count, free: count })),
  /** The selected THP mode (always, madvise, never), null when the kernel has no THP. */
  transparentHugepages: z.string().nullable(),
});

export const MountSchema = z.object({
  path: z.string(),
  /** null when df did not report the mount (swap, or df missing). */
  sizeBytes: count.nullable(),
  freeBytes: count.nullable(),
});

export const DiskSchema = z.object({
  name: z.string(),
  sizeBytes: count,
  rotational: z.boolean(),
  model: z.string().nullable(),
  type: z.string(),
  mounts: z.array(MountSchema),
});

export const HostInventorySchema = z.object({
  hostname: z.string(),
  os: z.object({
    id: z.string(),
    version: z.string(),
    prettyName: z.string(),
    kernel: z.string(),
    cmdline: z.string(),
  }),
  cpu: CpuSchema,
  memory: MemorySchema,
  nics: z.array(NicSchema),
  disks: z.array(DiskSchema),
  /** Every local filesystem df reports, whatever backs it (overlay, ZFS, LVM…): free space by path. */
  filesystems: z.array(z.object({ path: z.string(), sizeBytes: count, freeBytes: count })),
  iommu: z.object({ enabled: z.boolean(), groups: count }),
  /** systemd-detect-virt vocabulary: 'none' on bare metal, else e.g. 'kvm', 'docker', 'systemd-nspawn'. */
  virtualization: z.string(),
  timeSync: z.object({
    synchronized: z.boolean().nullable(),
    ntpService: z.string().nullable(),
    epochSeconds: count,
  }),
  managementNic: z.string().nullable(),
  missingTools: z.array(z.string()),
  warnings: z.array(z.string()),
});

export type HostInventory = z.infer<typeof HostInventorySchema>;
export type Nic = z.infer<typeof NicSchema>;
export type NicChannels = z.infer<typeof NicChannelsSchema>;
export type NicRings = z.infer<typeof NicRingsSchema>;
export type NicOffload = z.infer<typeof NicOffloadSchema>;
export type NumaNode = z.infer<typeof NumaNodeSchema>;
export type CpuInventory = z.infer<typeof CpuSchema>;
export type MemoryInventory = z.infer<typeof MemorySchema>;
export type Disk = z.infer<typeof DiskSchema>;
export type Mount = z.infer<typeof MountSchema>;
