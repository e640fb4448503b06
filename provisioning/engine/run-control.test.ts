import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../test/support/engine-doubles.ts';
import { applyRun } from './apply-run.ts';
import type { EngineEvent } from './engine-events.ts';
import { listRuns } from './journal.ts';
import { RunControl } from './run-control.ts';

/** Resolves once `condition` holds, looking again after each turn of the event loop. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never: ${what}`);
}

describe('RunControl', () => {
  it('lets a waiter go at once unless paused, then on resume or on cancel', async () => {
    const control = new RunControl();
    const signal = new AbortController().signal;
    await control.whenRunning(signal);
    expect([control.pause(), control.pause(), control.isPaused]).toEqual([true, false, true]);
    let woke = false;
    const waiting = control.whenRunning(signal).then(() => (woke = true));
    await until(() => true, 'a turn');
    expect(woke).toBe(false);
    expect([control.resume(), control.resume()]).toEqual([true, false]);
    await waiting;
    expect(woke).toBe(true);

    const cancel = new AbortController();
    control.pause();
    const cancelled = control.whenRunning(cancel.signal);
    cancel.abort();
    await cancelled;
    expect(control.isPaused).toBe(true);
  });

  it('keeps skips given at the start and those added later', () => {
    const control = new RunControl(new Map([['a', 'first']]));
    control.skip('b', 'later');
    expect([control.skipReason('a'), control.skipReason('b'), control.skipReason('c')]).toEqual(['first', 'later', undefined]);
  });
});

describe('an apply run under control', () => {
  it('pauses: the step in flight finishes, none starts until resumed, and both are journaled', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-run-control-')), 'runs');
    const state: FakeHostState = new Map();
    const control = new RunControl();
    const applied: string[] = [];
    const first = fakeSettingStep(state, 'h1', 'mtu', '9000', { onApply: () => { applied.push('mtu'); control.pause(); } });
    const second = fakeSettingStep(state, 'h1', 'promisc', 'on', { onApply: () => applied.push('promisc') });
    const events: EngineEvent[] = [];
    const running = applyRun({ runsDir, steps: [first, second], hosts: fakeHostAccess(['h1']), phases: ['fake'], hostNames: ['h1'], waived: [], control, onEvent: (e) => events.push(e) });

    await until(() => events.some((e) => e.type === 'step-state' && e.step === first.id && e.state === 'verified'), 'the first step verified');
    // Several turns later the second step has still not started.
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(applied).toEqual(['mtu']);
    expect(events.filter((e) => e.type === 'step-state' && e.step === second.id).map((e) => (e as { state: string }).state)).toEqual(['pending']);

    control.resume();
    const result = await running;
    expect(result.outcome).toBe('succeeded');
    expect(applied).toEqual(['mtu', 'promisc']);
    expect(listRuns(runsDir)[0]?.records.map((r) => r.type)).toEqual([
      'run-started', 'step-captured', 'step-started', 'run-paused', 'step-applied', 'step-verified', 'run-resumed',
      'step-captured', 'step-started', 'step-applied', 'step-verified', 'run-finished',
    ]);
  });

  it('skips a step asked for while the run goes, journaled with its reason as --skip is', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-run-control-')), 'runs');
    const state: FakeHostState = new Map();
    const control = new RunControl();
    const second = fakeSettingStep(state, 'h1', 'promisc', 'on');
    const first = fakeSettingStep(state, 'h1', 'mtu', '9000', { onApply: () => control.skip(second.id, 'TAP not cabled yet') });
    const result = await applyRun({ runsDir, steps: [first, second], hosts: fakeHostAccess(['h1']), phases: ['fake'], hostNames: ['h1'], waived: [], control });
    expect(result.states.get(second.id)).toBe('skipped');
    expect(state.has('promisc')).toBe(false);
    expect(listRuns(runsDir)[0]?.records.find((r) => r.type === 'step-skipped')).toMatchObject({ step: second.id, host: 'h1', reason: 'TAP not cabled yet' });
  });

  it('cancels a paused run: what waits is blocked, journaled as cancelled', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-run-control-')), 'runs');
    const state: FakeHostState = new Map();
    const control = new RunControl();
    const controller = new AbortController();
    control.pause();
    const step = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const running = applyRun({ runsDir, steps: [step], hosts: fakeHostAccess(['h1']), phases: ['fake'], hostNames: ['h1'], waived: [], control, signal: controller.signal });
    controller.abort();
    const result = await running;
    expect([result.outcome, result.states.get(step.id), state.has('mtu')]).toEqual(['cancelled', 'blocked', false]);
  });
});
