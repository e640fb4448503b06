// The probe's per-NIC `key=value` block, read from /sys/class/net/<nic>/ and its PCI device.
// A missing or unreadable attribute arrives as `key=` (empty), which is null here.
import { parseCpuList } from './parse-cpu-list.ts';
import { parseCount, splitLines } from './text-limits.ts';

export interface NicSysfs {
  mac: string | null;
  mtu: number | null;
  operState: string | null;
  /** 1/0 from `carrier`; null when it could not be read (the kernel refuses while the link is admin-down). */
  carrier: boolean | null;
  /** Mb/s; null for -1, empty, or the 32-bit "unknown" value some drivers print. */
  speedMbps: number | null;
  /** Resolved sysfs path of the device (the PCI function for PCI NICs); null for virtual links. */
  devicePath: string | null;
  numaNode: number | null;
  localCpus: number[] | null;
  vendorId: string | null;
  deviceId: string | null;
  sriovTotalVfs: number | null;
  sriovNumVfs: number | null;
  isVf: boolean;
  driver: string | null;
}

const PCI_ADDRESS = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i;

export function isPciAddress(text: string): boolean {
  return PCI_ADDRESS.test(text);
}

/** The last PCI function in a resolved sysfs device path, e.g. `0000:00:03.0` from `…/0000:00:03.0/virtio2`. */
export function pciAddressFromPath(path: string): string | null {
  const parts = path.split('/').filter(isPciAddress);
  return parts.at(-1) ?? null;
}

function readKeyValues(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of splitLines(text, 200)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    if (!fields.has(key)) fields.set(key, line.slice(eq + 1).trim());
  }
  return fields;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** `0x8086` style PCI ids, lower-cased; anything else is dropped. */
function pciId(value: string | undefined): string | null {
  return value !== undefined && /^0x[0-9a-f]{4}$/i.test(value) ? value.toLowerCase() : null;
}

export function parseNicSysfs(text: string): NicSysfs {
  const f = readKeyValues(text);
  const speed = parseCount(f.get('speed'));
  const carrier = f.get('carrier');
  const numa = parseCount(f.get('device/numa_node'));
  const localCpuText = f.get('device/local_cpulist');
  const mac = nonEmpty(f.get('address'));
  return {
    mac: mac !== null && /^[0-9a-f]{2}(:[0-9a-f]{2}){5,19}$/i.test(mac) ? mac.toLowerCase() : null,
    mtu: parseCount(f.get('mtu')),
    operState: nonEmpty(f.get('operstate')),
    carrier: carrier === '1' ? true : carrier === '0' ? false : null,
    // 4294967295 is (u32)-1, printed by older kernels for "unknown".
    speedMbps: speed === null || speed >= 4294967295 ? null : speed,
    devicePath: nonEmpty(f.get('device')),
    numaNode: numa,
    localCpus: localCpuText === undefined || localCpuText === '' ? null : parseCpuList(localCpuText),
    vendorId: pciId(f.get('device/vendor')),
    deviceId: pciId(f.get('device/device')),
    sriovTotalVfs: parseCount(f.get('device/sriov_totalvfs')),
    sriovNumVfs: parseCount(f.get('device/sriov_numvfs')),
    isVf: f.get('physfn') === '1',
    driver: nonEmpty(f.get('driver')),
  };
}
