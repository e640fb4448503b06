import { describe, expect, it } from 'vitest';
import type { ClockSample } from '../finding.ts';
import { clockSkew, median } from './clock-skew.ts';

const sample = (host: string, offsetSeconds: number, rttSeconds = 0.02): ClockSample => ({ host, offsetSeconds, rttSeconds });
const check = (clock: ClockSample[]) => clockSkew({ mode: 'cluster', hosts: [], clock });

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('clock-skew', () => {
  it('one host 3 s off among four: only that host fails, the median does not follow it', () => {
    expect(check([sample('lab-1', 0.0), sample('lab-2', 0.1), sample('lab-3', 3.1), sample('lab-4', 0.05)])).toEqual([
      {
        severity: 'fail',
        host: 'lab-3',
        check: 'clock-skew',
        message: "lab-3's clock is 3 s ahead of the hosts' median (±0.01 s); sensor logs are correlated across hosts and tolerate at most 2 s",
        fix: "point every host at the same NTP server and step lab-3's clock now (chronyc makestep, or timedatectl set-ntp true)",
      },
    ]);
  });

  it('the same with three hosts, the odd one behind', () => {
    expect(check([sample('a', 10.0), sample('b', 10.2), sample('c', 7.0)]).map((f) => [f.host, f.severity, f.message])).toEqual([
      ['c', 'fail', "c's clock is 3 s behind the hosts' median (±0.01 s); sensor logs are correlated across hosts and tolerate at most 2 s"],
    ]);
  });

  it('more than 1 s warns, 1 s or less passes', () => {
    expect(check([sample('a', 0), sample('b', 0), sample('c', -1.5)]).map((f) => [f.host, f.severity, f.message])).toEqual([
      ['c', 'warn', "c's clock is 1.5 s behind the hosts' median (±0.01 s); sensor logs are correlated across hosts, so keep it within 1 s"],
    ]);
    expect(check([sample('a', 0), sample('b', 0), sample('c', 0.9)])).toEqual([]);
  });

  it('flags only what is certain: the skew less half the round trip', () => {
    // 2.4 s measured over a 1 s round trip is at least 1.9 s: a warning, not a failure.
    expect(check([sample('a', 0), sample('b', 0), sample('c', 2.4, 1.0)]).map((f) => f.severity)).toEqual(['warn']);
    expect(check([sample('a', 0), sample('b', 0), sample('c', 1.3, 0.8)])).toEqual([]);
  });

  it('needs two clocks to compare', () => {
    expect(check([sample('a', 30)])).toEqual([]);
    expect(clockSkew({ mode: 'cluster', hosts: [] })).toEqual([]);
  });
});
