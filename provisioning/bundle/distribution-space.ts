/**
 * Whether a host has room for the bundle, judged before any byte moves. The host needs the bytes it does not hold
 * yet, plus a margin of 10 % of the destination's filesystem (BUNDLE_RESERVE, as preflight's bundle-fits check):
 * the bundle lands under /var, where the kubelet starts evicting pods once less than 10 % of the filesystem is free
 * (its default nodefs.available hard threshold), so a bundle that only just fits would break the cluster it installs.
 * Pure: the df output comes in as text.
 */
import { formatBytes } from './format-bytes.ts';
import { BUNDLE_RESERVE } from '../preflight/checks/bundle-fits.ts';


export interface FilesystemSpace {
  /** The mount point holding the destination (or its nearest existing parent). */
  mount: string;
  sizeBytes: number;
  /** What the login user may still write (df's Available: without blocks reserved for root). */
  availableBytes: number;
}

export interface SpaceVerdict {
  ok: boolean;
  needBytes: number;
  marginBytes: number;
  /** One line for people, the host named. */
  message: string;
}

// df -P -k: "Filesystem 1024-blocks Used Available Capacity Mounted-on", one line per filesystem, never wrapped.
const DF_LINE = /^(.*\S)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+%|-)\s+(\/.*)$/;

/** Reads `df -P -k PATH` output (untrusted: from the host); undefined when it is not what df prints. */
export function parseDfOutput(text: string): FilesystemSpace | undefined {
  const lines = text.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const m = DF_LINE.exec(lines.at(-1) ?? '');
  if (!m || lines.length < 2) return undefined;
  return { mount: m[6]!, sizeBytes: Number(m[2]) * 1024, availableBytes: Number(m[4]) * 1024 };
}

export function marginFor(space: FilesystemSpace): number {
  return Math.ceil(BUNDLE_RESERVE * space.sizeBytes);
}

/** `missingBytes`: what the host still has to receive (the bundle, less what it already holds of it). */
export function judgeSpace(host: string, destination: string, space: FilesystemSpace, missingBytes: number): SpaceVerdict {
  const marginBytes = marginFor(space);
  const needBytes = missingBytes + marginBytes;
  const where = `${destination} (on ${space.mount})`;
  const percent = `${Math.round(BUNDLE_RESERVE * 100)} % of the filesystem, kept free so the kubelet does not evict pods`;
  if (missingBytes === 0) {
    return { ok: true, needBytes: 0, marginBytes, message: `${host} holds the whole bundle already in ${where}` };
  }
  if (space.availableBytes >= needBytes) {
    return {
      ok: true,
      needBytes,
      marginBytes,
      message: `${host}: ${formatBytes(space.availableBytes)} free for ${where}; needs ${formatBytes(missingBytes)} more plus a margin of ${formatBytes(marginBytes)} (${percent})`,
    };
  }
  const short = needBytes - space.availableBytes;
  return {
    ok: false,
    needBytes,
    marginBytes,
    message:
      `${host} is short of space by ${formatBytes(short)}: ${formatBytes(space.availableBytes)} free for ${where}, the bundle needs ` +
      `${formatBytes(missingBytes)} more plus a margin of ${formatBytes(marginBytes)} (${percent}) — free ${formatBytes(short)} ` +
      `on ${space.mount}, or set bundle.destination to a larger filesystem`,
  };
}
