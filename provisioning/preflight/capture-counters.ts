/**
 * The capture-path probe: a POSIX sh script that reads each NIC's link state and receive counters from sysfs,
 * sleeps, and reads them again (counters only: no packet is opened), plus the pure parser of its output.
 *
 * NIC names are untrusted: they reach the script as positional arguments and are used only as quoted data in a
 * path; a name that could leave /sys/class/net (empty, ".", "..", or holding a "/") is not looked up. Output
 * lines name NICs by their index, so no name is ever echoed back and parsed.
 */
import type { CaptureSample } from './finding.ts';

/** $1: seconds to wait; $2…: NIC names. */
export const CAPTURE_COUNTERS_SCRIPT = `
secs=$1
shift
field() {
  v=
  IFS= read -r v 2>/dev/null <"$1"
  case $v in '' | *[!0-9A-Za-z]*) v=- ;; esac
  printf ' %s' "$v"
}
snapshot() {
  phase=$1
  shift
  up=
  read -r up rest 2>/dev/null </proc/uptime
  case $up in '' | *[!0-9.]*) up=- ;; esac
  printf '%s clock %s\\n' "$phase" "$up"
  i=0
  for nic do
    dir=/sys/class/net/$nic
    case $nic in '' | . | .. | */*) dir= ;; esac
    printf '%s %s' "$phase" "$i"
    if [ -n "$dir" ] && [ -d "$dir" ]; then
      for f in operstate carrier flags statistics/rx_packets statistics/rx_bytes; do field "$dir/$f"; done
    else
      printf ' - - - - -'
    fi
    printf '\\n'
    i=$((i + 1))
  done
}
snapshot before "$@"
sleep "$secs"
snapshot after "$@"
`;

interface Reading {
  operstate: string | null;
  carrier: string | null;
  flags: number | null;
  packets: number | null;
  bytes: number | null;
}

interface Snapshot {
  clock: number | null;
  nics: Map<number, Reading>;
}

const IFF_UP = 0x1;

function value(field: string | undefined): string | null {
  return field === undefined || field === '-' ? null : field;
}

function count(field: string | undefined): number | null {
  const v = value(field);
  return v !== null && /^\d+$/.test(v) ? Number(v) : null;
}

function parseSnapshots(stdout: string): Record<'before' | 'after', Snapshot> {
  const snapshots = { before: { clock: null, nics: new Map() }, after: { clock: null, nics: new Map() } } as Record<'before' | 'after', Snapshot>;
  for (const line of stdout.split('\n')) {
    const words = line.trim().split(' ');
    const phase = words[0];
    if (phase !== 'before' && phase !== 'after') continue;
    const snapshot = snapshots[phase];
    if (words[1] === 'clock') {
      const clock = Number(value(words[2]) ?? NaN);
      snapshot.clock = Number.isFinite(clock) ? clock : null;
    } else if (words.length === 7 && /^\d+$/.test(words[1] ?? '')) {
      const flags = value(words[4]);
      snapshot.nics.set(Number(words[1]), {
        operstate: value(words[2]),
        carrier: value(words[3]),
        flags: flags !== null && /^0x[0-9a-f]+$/i.test(flags) ? Number.parseInt(flags, 16) : null,
        packets: count(words[5]),
        bytes: count(words[6]),
      });
    }
  }
  return snapshots;
}

/** carrier is the cable; it cannot be read while the interface is administratively down, operstate says more then. */
function linkOf(reading: Reading): CaptureSample['link'] {
  if (reading.carrier === '1') return 'up';
  if (reading.carrier === '0') return 'down';
  if (reading.operstate === 'up') return 'up';
  if (reading.operstate === 'down' || reading.operstate === 'lowerlayerdown' || reading.operstate === 'notpresent') return 'down';
  return 'unknown';
}

function perSecond(before: number | null, after: number | null, seconds: number): number {
  // A counter that went backwards was reset (driver restart): nothing can be said, so nothing is claimed.
  if (before === null || after === null || after < before) return 0;
  return (after - before) / seconds;
}

function isMissing(reading: Reading | undefined): boolean {
  return !reading || Object.values(reading).every((v) => v === null);
}

export function parseCaptureCounters(stdout: string, host: string, nics: readonly string[], requestedSeconds: number): CaptureSample[] {
  const { before, after } = parseSnapshots(stdout);
  // /proc/uptime counts in hundredths of a second.
  const measured = before.clock !== null && after.clock !== null ? Math.round((after.clock - before.clock) * 100) / 100 : null;
  const seconds = measured !== null && measured > 0 ? measured : requestedSeconds;
  return nics.map((nic, index): CaptureSample => {
    const first = before.nics.get(index);
    const last = after.nics.get(index);
    if (isMissing(first) || isMissing(last)) return { host, nic, link: 'unknown', packetsPerSecond: 0, bytesPerSecond: 0, seconds };
    return {
      host,
      nic,
      link: linkOf(last!),
      ...(last!.flags !== null ? { adminUp: (last!.flags & IFF_UP) !== 0 } : {}),
      packetsPerSecond: perSecond(first!.packets, last!.packets, seconds),
      bytesPerSecond: perSecond(first!.bytes, last!.bytes, seconds),
      seconds,
    };
  });
}
