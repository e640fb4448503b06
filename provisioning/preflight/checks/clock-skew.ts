/**
 * `clock-skew`: each host's clock against the median of all sampled hosts (the median, so one bad clock cannot
 * drag the reference with it). Zeek and Suricata logs of different sensors are joined by timestamp, and TLS
 * and etcd dislike skew: more than 1 s warns, more than 2 s fails.
 *
 * A reading is only known to within half its round trip, so a host is flagged only when it is off by more than
 * the threshold even at the near end of that range: a slow link cannot raise a false alarm.
 */
import type { ClockSample, Finding, PreflightInput } from '../finding.ts';
import { decimal } from '../quantity.ts';

export const CLOCK_SKEW_WARN_SECONDS = 1;
export const CLOCK_SKEW_FAIL_SECONDS = 2;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function skewFinding(sample: ClockSample, reference: number): Finding | null {
  const skew = sample.offsetSeconds - reference;
  const uncertainty = sample.rttSeconds / 2;
  const atLeast = Math.abs(skew) - uncertainty;
  if (atLeast <= CLOCK_SKEW_WARN_SECONDS) return null;
  const severity = atLeast > CLOCK_SKEW_FAIL_SECONDS ? 'fail' : 'warn';
  return {
    severity,
    host: sample.host,
    check: 'clock-skew',
    message:
      `${sample.host}'s clock is ${decimal(Math.abs(skew))} s ${skew > 0 ? 'ahead of' : 'behind'} the hosts' median (±${uncertainty.toFixed(2)} s); ` +
      (severity === 'fail'
        ? `sensor logs are correlated across hosts and tolerate at most ${CLOCK_SKEW_FAIL_SECONDS} s`
        : `sensor logs are correlated across hosts, so keep it within ${CLOCK_SKEW_WARN_SECONDS} s`),
    fix: `point every host at the same NTP server and step ${sample.host}'s clock now (chronyc makestep, or timedatectl set-ntp true)`,
  };
}

export function clockSkew(input: PreflightInput): Finding[] {
  const samples = input.clock ?? [];
  if (samples.length < 2) return []; // one clock has nothing to disagree with
  const reference = median(samples.map((s) => s.offsetSeconds));
  return samples.map((s) => skewFinding(s, reference)).filter((f): f is Finding => f !== null);
}
