// The probe's per-NIC block, read from /sys/class/net/<nic>/ and its PCI device. The probe derives `device=` (the
// resolved device path) and `physfn=` as `key=value` lines and reads every attribute with one grep, as `path:value`
// lines; the NIC fixtures hold the same facts as `key=value` lines. Both shapes land in the same keys here.
// A missing or unreadable attribute is absent (grep) or `key=` (empty), which is null either way.
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

const MAX_LINES = 200;
const NETDEV_LINE = /^\/sys\/class\/net\/[^/]{1,15}\/(address|mtu|operstate|carrier|speed|type):(.*)$/;
// The driver's name is the DRIVER= line of the device's uevent (the same name as the device/driver link).
const UEVENT_DRIVER_LINE = /^\/sys\/class\/net\/[^/]{1,15}\/device\/uevent:DRIVER=(.*)$/;
const DEVICE_ATTRIBUTE = /^(numa_node|local_cpulist|vendor|device|sriov_totalvfs|sriov_numvfs):(.*)$/;

/** A grep `path:value` line as a fixture-style key and value; device attributes need the resolved device path. */
function sysfsEntry(line: string, devicePath: string): [string, string] | null {
  const netdev = NETDEV_LINE.exec(line);
  if (netdev?.[1] !== undefined && netdev[2] !== undefined) return [netdev[1], netdev[2]];
  const driver = UEVENT_DRIVER_LINE.exec(line);
  if (driver?.[1] !== undefined) return ['driver', driver[1]];
  // Device paths contain colons (0000:00:03.0), so the attribute is found after the known prefix, not by a split.
  if (devicePath === '' || !line.startsWith(`${devicePath}/`)) return null;
  const attribute = DEVICE_ATTRIBUTE.exec(line.slice(devicePath.length + 1));
  return attribute?.[1] !== undefined && attribute[2] !== undefined ? [`device/${attribute[1]}`, attribute[2]] : null;
}

function readFields(text: string): Map<string, string> {
  const lines = splitLines(text, MAX_LINES);
  const fields = new Map<string, string>();
  const put = (key: string, value: string) => {
    if (!fields.has(key)) fields.set(key, value.trim());
  };
  // `key=value` lines first: `device=` is the prefix of the device's `path:value` lines. grep lines start with '/'.
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0 && !line.startsWith('/')) put(line.slice(0, eq), line.slice(eq + 1));
  }
  const devicePath = fields.get('device') ?? '';
  for (const line of lines) {
    const entry = sysfsEntry(line, devicePath);
    if (entry !== null) put(...entry);
  }
  return fields;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** A driver name as the kernel prints it: no spaces or control characters, bounded (host data is untrusted). */
function driverName(value: string | undefined): string | null {
  return value !== undefined && /^[\x21-\x7e]{1,64}$/.test(value) ? value : null;
}

/** `0x8086` style PCI ids, lower-cased; anything else is dropped. */
function pciId(value: string | undefined): string | null {
  return value !== undefined && /^0x[0-9a-f]{4}$/i.test(value) ? value.toLowerCase() : null;
}

export function parseNicSysfs(text: string): NicSysfs {
  const f = readFields(text);
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
    driver: driverName(f.get('driver')),
  };
}
