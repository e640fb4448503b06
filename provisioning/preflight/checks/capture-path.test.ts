import { describe, expect, it } from 'vitest';
import type { CaptureSample } from '../finding.ts';
import { cluster, host, roomyInventory } from '../testing/fixture-host.ts';
import { capturePath } from './capture-path.ts';

const sample = (nic: string, changes: Partial<CaptureSample>): CaptureSample => ({ host: 'sensor-2', nic, link: 'up', adminUp: true, packetsPerSecond: 0, bytesPerSecond: 0, seconds: 5, ...changes });
const check = (capture: CaptureSample[]) => capturePath({ mode: 'cluster', hosts: [], capture });

describe('capture-path', () => {
  it('link down: is the TAP or SPAN cabled?', () => {
    expect(check([sample('cap1', { link: 'down' })])).toEqual([
      {
        severity: 'warn',
        host: 'sensor-2',
        check: 'capture-path',
        message: 'cap1 on sensor-2: link down — is the TAP or SPAN cabled to this port?',
        fix: "check the cable, the TAP's power and the SPAN destination port feeding cap1",
      },
    ]);
  });

  it('link up but silent: is the TAP or SPAN feeding it?', () => {
    expect(check([sample('cap0', {})])).toEqual([
      {
        severity: 'warn',
        host: 'sensor-2',
        check: 'capture-path',
        message: 'cap0 on sensor-2: no packets in 5 s — is the TAP or SPAN feeding this port?',
        fix: 'check that the SPAN session is active with the right source ports and direction, or that the TAP sits on a link that carries traffic',
      },
    ]);
  });

  it('traffic: a note with the rate', () => {
    expect(check([sample('cap0', { packetsPerSecond: 1000, bytesPerSecond: 750_000, seconds: 3 })])).toEqual([
      { severity: 'info', host: 'sensor-2', check: 'capture-path', message: 'cap0 on sensor-2: 1000 packets/s (6 Mbit/s) over 3 s', fix: '' },
    ]);
  });

  it('administratively down, or unreadable: says what cannot be seen', () => {
    expect(check([sample('cap1', { link: 'down', adminUp: false }), sample('cap0;x', { link: 'unknown' })]).map((f) => [f.severity, f.message])).toEqual([
      ['warn', 'cap1 on sensor-2 is administratively down, so whether a TAP or SPAN feeds it cannot be seen'],
      ['warn', 'cap0;x on sensor-2: its link state and counters could not be read (no such NIC?)'],
    ]);
  });
});

describe('capture-path beside capture-nic', () => {
  it('does not repeat that a NIC is missing from the host\'s inventory', () => {
    const input = cluster([host('sensor-2', ['sensor'], roomyInventory('sensor-2'))], {
      capture: [sample('eth9', { link: 'unknown' }), sample('cap0', { packetsPerSecond: 5, bytesPerSecond: 500 })],
    });
    expect(capturePath(input).map((f) => f.message)).toEqual(['cap0 on sensor-2: 5 packets/s (4 kbit/s) over 5 s']);
  });
});
