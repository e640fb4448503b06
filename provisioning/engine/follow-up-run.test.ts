import { describe, expect, it } from 'vitest';
import { fakeSettingStep } from '../../test/support/engine-doubles.ts';
import { followUpRun, FollowUpRefused, journaledOutcome } from './follow-up-run.ts';
import type { JournalRecord } from './journal.ts';

const at = '2026-01-01T00:00:00.000Z';
const run = '0003-20260101T000000Z';
const rec = (r: Record<string, unknown>) => ({ run, at, ...r }) as JournalRecord;

const state = new Map<string, string>();
const planned = [
  fakeSettingStep(state, 'h1', 'mtu', '9000'),
  fakeSettingStep(state, 'h1', 'promisc', 'on'),
  fakeSettingStep(state, 'h2', 'mtu', '9000'),
  fakeSettingStep(state, 'h3', 'mtu', '9000'),
];
const records: JournalRecord[] = [
  rec({ type: 'run-started', command: 'apply', phases: ['fake'], hosts: ['h1', 'h2'] }),
  rec({ type: 'step-captured', step: 'fake/h1/mtu', host: 'h1', originals: { value: '1500' } }),
  rec({ type: 'step-started', step: 'fake/h1/mtu', host: 'h1', title: 'set mtu' }),
  rec({ type: 'step-failed', step: 'fake/h1/mtu', host: 'h1', error: 'cannot set mtu' }),
  rec({ type: 'step-skipped', step: 'fake/h2/mtu', host: 'h2', reason: 'TAP arrives tomorrow' }),
  rec({ type: 'run-finished', outcome: 'failed' }),
];

describe('journaledOutcome', () => {
  it('reads where a run left each step, and says when it never reached one', () => {
    expect(journaledOutcome(records, 'fake/h1/mtu')).toBe('failed');
    expect(journaledOutcome(records, 'fake/h2/mtu')).toBe('skipped');
    expect(journaledOutcome(records, 'fake/h1/promisc')).toBe('not-reached');
    expect(journaledOutcome(records.slice(0, 3), 'fake/h1/mtu')).toBe('interrupted');
  });
});

describe('followUpRun', () => {
  it('retries over the same phases and hosts, keeping earlier skips with their reasons', () => {
    const next = followUpRun({ run, records }, planned, { kind: 'retry', step: 'fake/h1/mtu' });
    expect(next.steps.map((s) => s.id)).toEqual(['fake/h1/mtu', 'fake/h1/promisc', 'fake/h2/mtu']);
    expect([...next.skip]).toEqual([['fake/h2/mtu', 'TAP arrives tomorrow']]);
    expect(next.retried).toEqual({ step: 'fake/h1/mtu', host: 'h1', from: run });
    expect([next.phases, next.hostNames]).toEqual([['fake'], ['h1', 'h2']]);
  });

  it('runs a skipped step when it is the one retried', () => {
    const next = followUpRun({ run, records }, planned, { kind: 'retry', step: 'fake/h2/mtu' });
    expect(next.skip.size).toBe(0);
  });

  it('skips with the reason given now, and runs the rest', () => {
    const next = followUpRun({ run, records }, planned, { kind: 'skip', step: 'fake/h1/mtu', reason: 'NIC firmware refuses it' });
    expect([...next.skip]).toEqual([['fake/h2/mtu', 'TAP arrives tomorrow'], ['fake/h1/mtu', 'NIC firmware refuses it']]);
    expect(next.retried).toBeUndefined();
  });

  it('refuses a step already in place, one outside the run, and a run that is not an apply', () => {
    const verified = [...records.slice(0, 3), rec({ type: 'step-applied', step: 'fake/h1/mtu', host: 'h1', log: 'x' }), rec({ type: 'step-verified', step: 'fake/h1/mtu', host: 'h1' })];
    expect(() => followUpRun({ run, records: verified }, planned, { kind: 'retry', step: 'fake/h1/mtu' })).toThrow(/is verified in run .*nothing to retry/);
    expect(() => followUpRun({ run, records: verified }, planned, { kind: 'skip', step: 'fake/h1/mtu', reason: 'x' })).toThrow(/revert it/);
    expect(() => followUpRun({ run, records }, planned, { kind: 'retry', step: 'fake/h3/mtu' })).toThrow(FollowUpRefused);
    const reset = [rec({ type: 'run-started', command: 'reset', phases: ['fake'], hosts: ['h1'] })];
    expect(() => followUpRun({ run, records: reset }, planned, { kind: 'retry', step: 'fake/h1/mtu' })).toThrow(/not an apply run/);
  });
});
