// Parsers for the text output of `ethtool -i`, `-l`, `-g` and `-k`.
// ethtool's text layout is stable across versions but not uniform: netlink-era ethtool prints `n/a` where ioctl-era
// ethtool printed 0, newer versions add lines (RX Buf Len, TX Push, CQE Size…), and a driver that lacks an
// operation makes ethtool print an error instead ("netlink error: Operation not supported"). Errors become null.
import type { NicChannels, NicOffload, NicRings } from './host-inventory.ts';
import { parseCount, splitLines } from './text-limits.ts';

export interface EthtoolDriverInfo {
  driver: string;
  version: string | null;
  firmwareVersion: string | null;
  expansionRomVersion: string | null;
  /** PCI address for PCI devices; empty (null) for virtual links, `tap`/`N/A` for some others. */
  busInfo: string | null;
  supportsStatistics: boolean | null;
  supportsTest: boolean | null;
  supportsEepromAccess: boolean | null;
  supportsRegisterDump: boolean | null;
  supportsPrivFlags: boolean | null;
}

const MAX_FEATURES = 4096;

function emptyToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function yesNo(value: string | undefined): boolean | null {
  const trimmed = value?.trim();
  if (trimmed === 'yes') return true;
  if (trimmed === 'no') return false;
  return null;
}

/** `ethtool -i`: `key: value` lines; only the first colon separates (bus-info and versions contain colons). */
export function parseEthtoolDriverInfo(text: string): EthtoolDriverInfo | null {
  const fields = new Map<string, string>();
  for (const line of splitLines(text, 200)) {
    const match = /^([a-z][a-z-]*):(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && !fields.has(match[1])) fields.set(match[1], match[2] ?? '');
  }
  const driver = emptyToNull(fields.get('driver'));
  if (driver === null) return null;
  return {
    driver,
    version: emptyToNull(fields.get('version')),
    firmwareVersion: emptyToNull(fields.get('firmware-version')),
    expansionRomVersion: emptyToNull(fields.get('expansion-rom-version')),
    busInfo: emptyToNull(fields.get('bus-info')),
    supportsStatistics: yesNo(fields.get('supports-statistics')),
    supportsTest: yesNo(fields.get('supports-test')),
    supportsEepromAccess: yesNo(fields.get('supports-eeprom-access')),
    supportsRegisterDump: yesNo(fields.get('supports-register-dump')),
    supportsPrivFlags: yesNo(fields.get('supports-priv-flags')),
  };
}

type Block = 'max' | 'current';

/**
 * Walks the two blocks that `-l` and `-g` share ("Pre-set maximums:" then "Current hardware settings:") and hands
 * each `Key: value` line to `take`. Returns false when neither block header is present (an error message).
 */
function walkBlocks(text: string, take: (block: Block, key: string, value: string) => void): boolean {
  let block: Block | null = null;
  let sawHeader = false;
  for (const raw of splitLines(text, 500)) {
    const line = raw.trim();
    if (/^Pre-set maximums:?$/.test(line)) {
      block = 'max';
      sawHeader = true;
      continue;
    }
    if (/^Current hardware settings:?$/.test(line)) {
      block = 'current';
      sawHeader = true;
      continue;
    }
    const match = /^([A-Za-z][A-Za-z ]*?):\s*(\S.*)?$/.exec(line);
    if (block !== null && match?.[1] !== undefined) take(block, match[1], (match[2] ?? '').trim());
  }
  return sawHeader;
}

/** `n/a` (no such channel type) and anything that is not a plain count become null. */
function countOrNull(value: string): number | null {
  return parseCount(value);
}

/** `ethtool -l`: RX/TX/Other/Combined channel counts, max and current. */
export function parseEthtoolChannels(text: string): NicChannels | null {
  const blank = () => ({ rx: null, tx: null, other: null, combined: null });
  const result: NicChannels = { max: blank(), current: blank() };
  const keys = { RX: 'rx', TX: 'tx', Other: 'other', Combined: 'combined' } as const;
  let seen = 0;
  const ok = walkBlocks(text, (block, key, value) => {
    if (!Object.hasOwn(keys, key)) return;
    result[block][keys[key as keyof typeof keys]] = countOrNull(value);
    seen++;
  });
  return ok && seen > 0 ? result : null;
}

/** `ethtool -g`: RX and TX ring sizes, max and current (RX Mini/Jumbo, buffer length and push flags are ignored). */
export function parseEthtoolRings(text: string): NicRings | null {
  const result: NicRings = { max: { rx: null, tx: null }, current: { rx: null, tx: null } };
  let seen = 0;
  const ok = walkBlocks(text, (block, key, value) => {
    if (key !== 'RX' && key !== 'TX') return;
    result[block][key === 'RX' ? 'rx' : 'tx'] = countOrNull(value);
    seen++;
  });
  return ok && seen > 0 ? result : null;
}

/**
 * `ethtool -k`: every `name: on|off` line, sub-features (tab-indented) included.
 * `[fixed]` means the driver cannot change it; `[requested on]` means it is off although asked on — still off.
 */
export function parseEthtoolFeatures(text: string): Record<string, NicOffload> | null {
  const features = new Map<string, NicOffload>();
  for (const line of splitLines(text, MAX_FEATURES + 10)) {
    const match = /^\s*([a-z0-9][a-z0-9_-]*):\s+(on|off)(?:\s+\[([a-z ]+)\])?\s*$/.exec(line);
    if (match?.[1] === undefined || match[1] === '__proto__') continue;
    features.set(match[1], { enabled: match[2] === 'on', fixed: match[3] === 'fixed' });
    if (features.size >= MAX_FEATURES) break;
  }
  return features.size > 0 ? Object.fromEntries(features) : null;
}
