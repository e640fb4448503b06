/**
 * The value formats a cluster spec uses (names, addresses, PCI and MAC addresses, check ids) and how a value
 * is quoted back in an error message. Pure.
 */
import { isIP } from 'node:net';

/** RFC 1123 label: what Kubernetes node names, host names and secret names must be. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const DNS_LABEL_RULE = 'lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit';

/** domain:bus:device.function, as `lspci -D` and sysfs print it. */
export const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/i;
const PCI_WITHOUT_DOMAIN = /^[0-9a-f]{2}:[0-1][0-9a-f]\.[0-7]$/i;

export const MAC_ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** Check ids are kebab-case (clock-skew, capture-nic-not-management). */
export const CHECK_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A login name as useradd accepts it. */
export const USER_NAME = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;

const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An IPv4 or IPv6 address, or a DNS name (whose last label is not all digits, so 10.0.0.300 is not one). */
export function isHostAddress(text: string): boolean {
  if (isIP(text)) return true;
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((label) => HOSTNAME_LABEL.test(label)) && !/^\d+$/.test(labels.at(-1)!);
}

/** What to write instead of a malformed PCI address. */
export function pciAddressHint(text: string): string {
  const expected = PCI_WITHOUT_DOMAIN.test(text) ? `0000:${text.toLowerCase()}` : 'domain:bus:device.function such as 0000:3b:00.0';
  return `expected ${expected} — see lspci -D or picket inventory`;
}

/** A value quoted back to the user: strings in quotes (long ones cut), maps and lists by kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return String(value);
}

/** "a, b or c" */
export function either(options: readonly string[]): string {
  return options.length <= 1 ? (options[0] ?? '') : `${options.slice(0, -1).join(', ')} or ${options.at(-1)}`;
}
