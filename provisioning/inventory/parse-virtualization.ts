// What the host runs on. systemd-detect-virt is authoritative when present (it prints a container type before a
// VM type, as Picket needs: capture in a container has its own limits). Without it, the probe's hints decide.
import { splitLines } from './text-limits.ts';

const WORD = /^[a-z][a-z0-9-]{0,31}$/;

// DMI sys_vendor / product_name strings, as systemd-detect-virt maps them.
const DMI_VENDORS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^QEMU/, 'qemu'],
  [/^VMware/, 'vmware'],
  [/^innotek GmbH/, 'oracle'],
  [/^Xen/, 'xen'],
  [/^Amazon EC2/, 'amazon'],
  [/^Google/, 'google'],
  [/^Parallels/, 'parallels'],
  [/^Bochs/, 'bochs'],
];

/** `virt`: systemd-detect-virt's one word; `hints`: `container X`, `hypervisor-flag`, `dmi-vendor`, `dmi-product`. */
export function parseVirtualization(virt: string, hints: string): string {
  const detected = splitLines(virt, 5).map((line) => line.trim()).find((line) => line !== '');
  if (detected !== undefined && WORD.test(detected)) return detected;

  const lines = splitLines(hints, 50).map((line) => line.trim());
  const container = lines.find((line) => line.startsWith('container '))?.slice('container '.length);
  if (container !== undefined && WORD.test(container)) return container;
  const vendor = lines.find((line) => line.startsWith('dmi-vendor '))?.slice('dmi-vendor '.length) ?? '';
  const product = lines.find((line) => line.startsWith('dmi-product '))?.slice('dmi-product '.length) ?? '';
  for (const [pattern, name] of DMI_VENDORS) if (pattern.test(vendor)) return name;
  if (/^Microsoft/.test(vendor) && /Virtual Machine/.test(product)) return 'microsoft';
  if (/^KVM/.test(product)) return 'kvm';
  return lines.includes('hypervisor-flag') ? 'vm-other' : 'none';
}
