/**
 * Numbers as findings print them. RAM is in GiB (how memory is sold and how installers state it); disk space in
 * GB (how disks are sold and how Security Onion and the Assisted Installer state their minimums).
 */

export const GiB = 1024 ** 3;
export const GB = 1000 ** 3;

/** One decimal, none when it would be ".0": 8 -> "8", 7.64 -> "7.6". */
export function decimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function gib(bytes: number): string {
  return `${decimal(bytes / GiB)} GiB`;
}

export function gb(bytes: number): string {
  return `${decimal(bytes / GB)} GB`;
}

export function seconds(value: number): string {
  return `${decimal(value)} s`;
}

/** A bit rate with an SI prefix: 1 234 567 bytes/s -> "9.9 Mbit/s". */
export function bitRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  const units: ReadonlyArray<readonly [number, string]> = [[1e9, 'Gbit/s'], [1e6, 'Mbit/s'], [1e3, 'kbit/s']];
  for (const [scale, unit] of units) if (bits >= scale) return `${decimal(bits / scale)} ${unit}`;
  return `${decimal(bits)} bit/s`;
}

/** "a, b and c" */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
