import { describe, expect, it } from 'vitest';
import { formatFinding } from './format-finding.ts';

describe('formatFinding', () => {
  it('severity, host, check, message and fix on one line', () => {
    expect(
      formatFinding({
        severity: 'fail',
        host: 'sensor-1',
        check: 'role-resources',
        message: 'sensor-1 has 8 GiB RAM; a sensor needs 12 GiB (short by 4 GiB)',
        fix: 'add at least 4 GiB of RAM, or give this role to a host with 12 GiB or more',
      }),
    ).toBe('FAIL  sensor-1  role-resources  sensor-1 has 8 GiB RAM; a sensor needs 12 GiB (short by 4 GiB). Fix: add at least 4 GiB of RAM, or give this role to a host with 12 GiB or more');
  });

  it('no extra full stop after a question, "-" for a cluster-wide finding, no Fix when there is none', () => {
    expect(formatFinding({ severity: 'warn', host: null, check: 'mtu-consistent', message: 'is it cabled?', fix: 'cable it' })).toBe('WARN  -  mtu-consistent  is it cabled? Fix: cable it');
    expect(formatFinding({ severity: 'info', host: 'h', check: 'capture-path', message: 'cap0 on h: 5 packets/s', fix: '' })).toBe('INFO  h  capture-path  cap0 on h: 5 packets/s');
  });

  it('replaces control characters that came from a host', () => {
    expect(formatFinding({ severity: 'warn', host: 'h', check: 'capture-path', message: 'cap\u001b[2J0\non h', fix: '' })).toBe('WARN  h  capture-path  cap?[2J0?on h');
  });
});
