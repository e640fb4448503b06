import { describe, expect, it } from 'vitest';
import type { JudgedFinding } from '../../../provisioning/contract/judged-finding.ts';
import { isWaivable, unwaivePayload, waivePayload, waiverOf, waiverScopeLabel } from './waiver-model.ts';

const finding = (over: Partial<JudgedFinding> = {}): JudgedFinding => ({
  severity: 'fail',
  host: 'sensor-1',
  check: 'role-resources',
  message: '2 cores, a sensor needs 8',
  fix: 'use a bigger host',
  waiver: null,
  ...over,
});

describe('waiverOf', () => {
  it('finds the first waiver naming the check for the host or for every host, as the engine judges', () => {
    const waivers = [
      { check: 'clock-skew', host: null, reason: 'a' },
      { check: 'role-resources', host: 'sensor-2', reason: 'b' },
      { check: 'role-resources', host: null, reason: 'c' },
      { check: 'role-resources', host: 'sensor-1', reason: 'd' },
    ];
    expect(waiverOf(finding(), waivers)?.reason).toBe('c');
    expect(waiverOf(finding({ host: 'sensor-2' }), waivers)?.reason).toBe('b');
    expect(waiverOf(finding({ check: 'mtu-consistency' }), waivers)).toBeNull();
    expect(waiverOf(finding({ severity: 'warn' }), waivers)).toBeNull();
  });
});

describe('waivePayload', () => {
  it('needs a reason, trims it, and names the host only when waiving for this host', () => {
    expect(waivePayload(finding(), { reason: '   ', scope: 'host' })).toMatchObject({ ok: false, problem: expect.stringMatching(/say why/) });
    expect(waivePayload(finding(), { reason: ' lab host ', scope: 'host' })).toEqual({ ok: true, payload: { check: 'role-resources', host: 'sensor-1', reason: 'lab host' } });
    expect(waivePayload(finding(), { reason: 'lab', scope: 'every-host' })).toEqual({ ok: true, payload: { check: 'role-resources', reason: 'lab' } });
    expect(waivePayload(finding({ host: null, check: 'clock-skew' }), { reason: 'GPS', scope: 'host' })).toEqual({ ok: true, payload: { check: 'clock-skew', reason: 'GPS' } });
  });

  it('removes exactly the waiver shown, and says whom it covers', () => {
    expect(unwaivePayload({ check: 'clock-skew', host: null, reason: 'x' })).toEqual({ check: 'clock-skew' });
    expect(unwaivePayload({ check: 'clock-skew', host: 'sensor-1', reason: 'x' })).toEqual({ check: 'clock-skew', host: 'sensor-1' });
    expect(waiverScopeLabel({ check: 'clock-skew', host: null, reason: 'x' })).toBe('every host');
  });

  it('offers a waiver only for a failure nothing lets through yet', () => {
    expect([isWaivable(finding()), isWaivable(finding({ waiver: { reason: 'x' } })), isWaivable(finding({ severity: 'warn' }))]).toEqual([true, false, false]);
  });
});
