// Block devices and mounts: `lsblk -J -b -o NAME,SIZE,TYPE,ROTA,MODEL,MOUNTPOINT`, the /sys/block fallback, and
// `df -P` for mount sizes. util-linux before 2.37 prints every JSON value as a string ("size":"512110190592",
// "rota":"0"), so each field accepts both shapes.
import { z } from 'zod';
import { parseCount, splitLines } from './text-limits.ts';

export interface BlockDevice {
  name: string;
  sizeBytes: number;
  rotational: boolean;
  model: string | null;
  type: string;
  /** Mount points of the device and everything below it (partitions, LVM, crypt). */
  mountpoints: string[];
}

export interface DfEntry {
  sizeBytes: number;
  freeBytes: number;
}

const MAX_DEPTH = 8;
const MAX_DEVICES = 4096;
/** Loop devices (snaps, images) and optical drives are not storage a sensor would use. */
const SKIPPED_TYPES = new Set(['loop', 'rom']);

const looseNumber = z.union([z.number(), z.string(), z.null()]).optional();
const looseBool = z.union([z.boolean(), z.string(), z.number(), z.null()]).optional();
const looseString = z.union([z.string(), z.null()]).optional();

interface RawDevice {
  name: string;
  size?: number | string | null | undefined;
  type?: string | null | undefined;
  rota?: boolean | string | number | null | undefined;
  model?: string | null | undefined;
  mountpoint?: string | null | undefined;
  children?: RawDevice[] | undefined;
}

const RawDeviceSchema: z.ZodType<RawDevice> = z.lazy(() =>
  z.object({
    name: z.string().min(1).max(255),
    size: looseNumber,
    type: looseString,
    rota: looseBool,
    model: looseString,
    mountpoint: looseString,
    children: z.array(RawDeviceSchema).max(MAX_DEVICES).optional(),
  }),
);

const LsblkSchema = z.object({ blockdevices: z.array(RawDeviceSchema).max(MAX_DEVICES) });

function toBytes(value: RawDevice['size']): number {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  return parseCount(value ?? undefined) ?? 0;
}

function toRotational(value: RawDevice['rota']): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

function collectMounts(device: RawDevice, depth: number, into: string[]): void {
  if (typeof device.mountpoint === 'string' && device.mountpoint.startsWith('/')) into.push(device.mountpoint);
  if (depth >= MAX_DEPTH) return;
  for (const child of device.children ?? []) collectMounts(child, depth + 1, into);
}

/** Top-level devices from lsblk JSON, or null when the text is not lsblk JSON (lsblk missing or too old for -J). */
export function parseLsblkJson(text: string): BlockDevice[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    return null;
  }
  const parsed = LsblkSchema.safeParse(raw);
  if (!parsed.success) return null;
  const devices: BlockDevice[] = [];
  for (const device of parsed.data.blockdevices) {
    const type = typeof device.type === 'string' ? device.type : 'unknown';
    if (SKIPPED_TYPES.has(type)) continue;
    const mountpoints: string[] = [];
    collectMounts(device, 0, mountpoints);
    const model = typeof device.model === 'string' ? device.model.trim() : '';
    devices.push({
      name: device.name,
      sizeBytes: toBytes(device.size),
      rotational: toRotational(device.rota),
      model: model === '' ? null : model,
      type,
      mountpoints: [...new Set(mountpoints)],
    });
  }
  return devices;
}

// `/sys/block/<name>/<attribute>:value` from the probe's one grep. A name never contains '/', so the attribute
// after it is unambiguous even when a name or a model contains ':'.
const SYS_BLOCK_LINE = /^\/sys\/block\/([^/\s]{1,255})\/(size|queue\/rotational|device\/model):(.*)$/;

/** The probe's /sys/block fallback, `path:value` lines (sizes there are always in 512-byte sectors). */
export function parseSysBlock(text: string): BlockDevice[] {
  const devices = new Map<string, BlockDevice>();
  for (const line of splitLines(text, MAX_DEVICES * 3)) {
    const match = SYS_BLOCK_LINE.exec(line);
    if (match === null) continue;
    const [, name = '', attribute, raw = ''] = match;
    if (/^(loop|ram|sr)\d/.test(name)) continue;
    let device = devices.get(name);
    if (device === undefined) {
      if (devices.size >= MAX_DEVICES) continue;
      device = { name, sizeBytes: 0, rotational: false, model: null, type: 'disk', mountpoints: [] };
      devices.set(name, device);
    }
    const value = raw.trim();
    if (attribute === 'size') {
      const bytes = (parseCount(value) ?? 0) * 512;
      device.sizeBytes = Number.isSafeInteger(bytes) ? bytes : 0;
    } else if (attribute === 'queue/rotational') device.rotational = value === '1';
    else device.model = value === '' ? null : value;
  }
  return [...devices.values()];
}

/** `df -P` (with -B1 or -k, read from the header): size and available bytes per mount point. */
export function parseDf(text: string): Map<string, DfEntry> {
  const mounts = new Map<string, DfEntry>();
  const lines = splitLines(text, 10_000);
  const header = /(\d+)[KkMm]?-blocks/.exec(lines[0] ?? '');
  let unit = header?.[1] !== undefined ? Number(header[1]) : 1024;
  if (/\d+[Kk]-blocks/.test(lines[0] ?? '')) unit *= 1024;
  for (const line of lines.slice(1)) {
    const match = /^\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+(\/.*)$/.exec(line);
    if (match?.[4] === undefined) continue;
    const size = Number(match[1]) * unit;
    const free = Number(match[3]) * unit;
    if (Number.isSafeInteger(size) && Number.isSafeInteger(free)) mounts.set(match[4], { sizeBytes: size, freeBytes: free });
  }
  return mounts;
}
