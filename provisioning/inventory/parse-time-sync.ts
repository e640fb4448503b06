// Clock state: the host's epoch (to spot skew against the installer), whether NTP says it is synchronized, and
// which time daemon runs. Certificates, etcd and log correlation all break on skewed clocks.
import { parseCount, splitLines } from './text-limits.ts';

export interface TimeSync {
  synchronized: boolean | null;
  ntpService: string | null;
  epochSeconds: number | null;
}

// Process names (comm is cut at 15 characters: systemd-timesyncd → systemd-timesyn), most specific first.
const SERVICES: ReadonlyArray<readonly [string, string]> = [
  ['chronyd', 'chronyd'],
  ['systemd-timesyn', 'systemd-timesyncd'],
  ['ntpd', 'ntpd'],
  ['openntpd', 'openntpd'],
  ['timemaster', 'timemaster'],
  ['ptp4l', 'ptp4l'],
  ['phc2sys', 'phc2sys'],
];

/**
 * `time`: `epoch=N`, then either `timesyncd-synchronized=yes` (systemd-timesyncd's /run/systemd/timesync/synchronized
 * exists) or `timedatectl show` output (none when it timed out: unknown); `ntpProcs`: running daemon names.
 */
export function parseTimeSync(time: string, ntpProcs: string): TimeSync {
  let epochSeconds: number | null = null;
  let synchronized: boolean | null = null;
  for (const line of splitLines(time, 200)) {
    const [key, value] = line.split('=', 2);
    if (key === 'epoch') epochSeconds = parseCount(value);
    if (key === 'NTPSynchronized') synchronized = value === 'yes' ? true : value === 'no' ? false : null;
    if (key === 'timesyncd-synchronized' && value === 'yes') synchronized = true;
  }
  const running = new Set(splitLines(ntpProcs, 100).map((line) => line.trim()));
  const service = SERVICES.find(([comm]) => running.has(comm));
  return { synchronized, ntpService: service?.[1] ?? null, epochSeconds };
}
