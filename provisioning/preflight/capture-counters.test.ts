import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CAPTURE_COUNTERS_SCRIPT, parseCaptureCounters } from './capture-counters.ts';

const OUTPUT = [
  'before clock 1512.37',
  'before 0 up 1 0x1003 1000 150000',
  'before 1 up 1 0x1003 13 1118',
  'before 2 down 0 0x1003 5 500',
  'before 3 - - - - -',
  'before 4 down - 0x1002 7 700',
  'after clock 1515.37',
  'after 0 up 1 0x1003 4000 4650000',
  'after 1 up 1 0x1003 13 1118',
  'after 2 down 0 0x1003 5 500',
  'after 3 - - - - -',
  'after 4 down - 0x1002 7 700',
  '',
].join('\n');

describe('parseCaptureCounters', () => {
  it('turns two snapshots into rates over the measured seconds, NICs matched by index', () => {
    expect(parseCaptureCounters(OUTPUT, 'lab-2', ['cap0', 'cap1', 'cap2', 'cap0;touch /tmp/pwned', 'cap4'], 3)).toEqual([
      { host: 'lab-2', nic: 'cap0', link: 'up', adminUp: true, packetsPerSecond: 1000, bytesPerSecond: 1_500_000, seconds: 3 },
      { host: 'lab-2', nic: 'cap1', link: 'up', adminUp: true, packetsPerSecond: 0, bytesPerSecond: 0, seconds: 3 },
      { host: 'lab-2', nic: 'cap2', link: 'down', adminUp: true, packetsPerSecond: 0, bytesPerSecond: 0, seconds: 3 },
      { host: 'lab-2', nic: 'cap0;touch /tmp/pwned', link: 'unknown', packetsPerSecond: 0, bytesPerSecond: 0, seconds: 3 },
      { host: 'lab-2', nic: 'cap4', link: 'down', adminUp: false, packetsPerSecond: 0, bytesPerSecond: 0, seconds: 3 },
    ]);
  });

  it('falls back to the requested seconds without clocks, and claims nothing from a counter that went back', () => {
    const output = ['before 0 up 1 0x1003 900 9000', 'after 0 up 1 0x1003 100 1000'].join('\n');
    expect(parseCaptureCounters(output, 'h', ['cap0'], 5)).toEqual([{ host: 'h', nic: 'cap0', link: 'up', adminUp: true, packetsPerSecond: 0, bytesPerSecond: 0, seconds: 5 }]);
  });

  it('a NIC missing from the output is unknown', () => {
    expect(parseCaptureCounters('garbage\nbefore 0 up\n', 'h', ['cap0'], 1)[0]).toMatchObject({ link: 'unknown', packetsPerSecond: 0 });
  });
});

describe('CAPTURE_COUNTERS_SCRIPT under this machine\'s sh', () => {
  it('reads lo, and treats hostile names as data that names no NIC', () => {
    const names = ['lo', 'nope', '..', '', '$(echo lo)', 'lo;echo injected', '../../../proc/self'];
    const run = spawnSync('sh', ['-c', CAPTURE_COUNTERS_SCRIPT, 'picket-capture-path', '0.1', ...names], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('injected');
    const samples = parseCaptureCounters(run.stdout, 'here', names, 0.1);
    expect(samples[0]).toMatchObject({ nic: 'lo', adminUp: true });
    expect(samples[0]!.seconds).toBeGreaterThanOrEqual(0.1);
    expect(samples.slice(1).map((s) => s.link)).toEqual(Array(names.length - 1).fill('unknown'));
  });
});
