import { describe, expect, it } from 'vitest';
import { parseTimeSync } from './parse-time-sync.ts';

describe('parseTimeSync', () => {
  it('timedatectl show and a running chronyd', () => {
    expect(parseTimeSync('epoch=1796026330\nTimezone=UTC\nNTP=yes\nNTPSynchronized=yes\n', 'chronyd\n')).toEqual({
      synchronized: true,
      ntpService: 'chronyd',
      epochSeconds: 1796026330,
    });
  });

  it('timesyncd shows up under its truncated comm', () => {
    expect(parseTimeSync('epoch=1\nNTPSynchronized=no\n', 'systemd-timesyn\n').ntpService).toBe('systemd-timesyncd');
  });

  it("timesyncd's synchronized file answers without timedatectl", () => {
    expect(parseTimeSync('epoch=7\ntimesyncd-synchronized=yes\n', 'systemd-timesyn\n')).toEqual({
      synchronized: true,
      ntpService: 'systemd-timesyncd',
      epochSeconds: 7,
    });
  });

  it('timedatectl timed out (no output after the epoch): synchronization unknown', () => {
    expect(parseTimeSync('epoch=9\n', 'chronyd\n')).toEqual({ synchronized: null, ntpService: 'chronyd', epochSeconds: 9 });
  });

  it('no systemd (timedatectl fails): synchronization unknown', () => {
    expect(
      parseTimeSync('epoch=42\nSystem has not been booted with systemd as init system (PID 1). Can\'t operate.\n', ''),
    ).toEqual({ synchronized: null, ntpService: null, epochSeconds: 42 });
  });
});
