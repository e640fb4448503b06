/**
 * Pause, resume, retry, skip and revert through the real dispatcher and handlers, over a session whose steps act on
 * in-memory hosts: what the journal records, what a face hears, and what each refuses.
 */
import { describe, expect, it } from 'vitest';
import { fakeSettingStep, type FakeHostState } from '../../../test/support/engine-doubles.ts';
import { fakeSession, gatedStep, resultOf, serveHarness } from '../../../test/support/serve-doubles.ts';
import type { EngineEvent } from '../../contract/events.ts';
import { listRuns } from '../../engine/journal.ts';

type Started = { status: 'started'; run: string };
type Outcome = { run: string; step: string; state: string };

const statesOf = (events: EngineEvent[], run: string, step: string) =>
  events.flatMap((e) => (e.type === 'step.state' && e.run === run && e.step === step ? [e.state] : []));
const journalOf = (runsDir: string, run: string) => listRuns(runsDir).find((r) => r.run === run)?.records ?? [];

describe('apply.pause and apply.resume', () => {
  it('let the step in flight finish, start nothing until resumed, journal both, and say so on the run', async () => {
    const gated = gatedStep('h1');
    const state: FakeHostState = new Map();
    const after = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const h = serveHarness(fakeSession([gated.step, after]));
    const { run } = resultOf<Started>(await h.send('apply.start', {}));
    await gated.started;
    expect(await h.send('apply.pause', { run })).toEqual({ ok: true, result: { run, paused: true } });
    expect(h.engine.runSummary(run)).toMatchObject({ status: 'running', paused: true });
    gated.release();
    await h.eventually((e) => e.type === 'step.state' && e.step === gated.step.id && e.state === 'verified', 'the step in flight verified');
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(statesOf(h.events, run, after.id)).toEqual(['pending']);
    expect(state.has('mtu')).toBe(false);

    expect(await h.send('apply.resume', { run })).toEqual({ ok: true, result: { run, paused: false } });
    await h.finished(run);
    expect(state.get('mtu')).toBe('9000');
    const pausedFlags = h.events.flatMap((e) => (e.type === 'entity.updated' && e.entity.kind === 'run' ? [`${e.entity.value.status} ${e.entity.value.paused}`] : []));
    expect(pausedFlags).toEqual(['running true', 'running false', 'succeeded false']);
    expect(journalOf(h.session.runsDir, run).map((r) => r.type)).toEqual(expect.arrayContaining(['run-paused', 'run-resumed']));
    expect(await h.send('apply.pause', { run })).toMatchObject({ ok: false, error: { name: 'NoSuchRun' } });
  });
});

describe('step.skip', () => {
  it('skips a step the running run has not reached, journaled with its reason, and refuses one in flight', async () => {
    const gated = gatedStep('h1');
    const state: FakeHostState = new Map();
    const after = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const h = serveHarness(fakeSession([gated.step, after]));
    const { run } = resultOf<Started>(await h.send('apply.start', {}));
    await gated.started;
    expect(await h.send('step.skip', { run, step: gated.step.id, reason: 'x' })).toMatchObject({ ok: false, error: { name: 'StepActionRefused' } });
    expect(resultOf<Outcome>(await h.send('step.skip', { run, step: after.id, reason: 'jumbo frames wait for the switch' }))).toEqual({ run, step: after.id, state: 'pending' });
    gated.release();
    await h.finished(run);
    expect(h.events).toContainEqual({ type: 'step.state', run, step: after.id, host: 'h1', state: 'skipped', detail: 'jumbo frames wait for the switch' });
    expect(state.has('mtu')).toBe(false);
    expect(journalOf(h.session.runsDir, run).find((r) => r.type === 'step-skipped')).toMatchObject({ step: after.id, reason: 'jumbo frames wait for the switch' });
  });

  it('skips a failed step of a stopped run by starting the next run, which goes on with the rest', async () => {
    const state: FakeHostState = new Map();
    const broken = fakeSettingStep(state, 'h1', 'offloads', 'off', { failApply: true });
    const after = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const h = serveHarness(fakeSession([broken, after]));
    const first = resultOf<Started>(await h.send('apply.start', {}));
    await h.finished(first.run);
    expect(statesOf(h.events, first.run, after.id).at(-1)).toBe('blocked');

    const skipped = resultOf<Outcome>(await h.send('step.skip', { run: first.run, step: broken.id, reason: 'driver keeps offloads fixed' }));
    expect(skipped.run).not.toBe(first.run);
    await h.finished(skipped.run);
    expect(h.events).toContainEqual({ type: 'run.finished', run: skipped.run, outcome: 'succeeded' });
    expect(state.get('mtu')).toBe('9000');
    expect(journalOf(h.session.runsDir, skipped.run).map((r) => `${r.type}${'step' in r ? ` ${r.step}` : ''}`)).toEqual([
      'run-started', 'step-skipped fake/h1/offloads', 'step-captured fake/h1/mtu', 'step-started fake/h1/mtu', 'step-applied fake/h1/mtu', 'step-verified fake/h1/mtu', 'run-finished',
    ]);
  });
});

describe('step.retry', () => {
  it('retries a failed step in the next run, journaled as a retry of the stopped run', async () => {
    const state: FakeHostState = new Map();
    let broken = true;
    const flaky = fakeSettingStep(state, 'h1', 'rings', '1024', {
      onApply: () => {
        if (broken) throw new Error('ethtool: device busy');
      },
    });
    const h = serveHarness(fakeSession([flaky]));
    const first = resultOf<Started>(await h.send('apply.start', {}));
    await h.finished(first.run);
    expect(h.events).toContainEqual({ type: 'step.state', run: first.run, step: flaky.id, host: 'h1', state: 'failed', detail: 'ethtool: device busy' });

    broken = false;
    const retried = resultOf<Outcome>(await h.send('step.retry', { run: first.run, step: flaky.id }));
    expect(retried).toMatchObject({ step: flaky.id, state: 'pending' });
    await h.finished(retried.run);
    expect(state.get('rings')).toBe('1024');
    expect(journalOf(h.session.runsDir, retried.run).find((r) => r.type === 'step-retried')).toMatchObject({ step: flaky.id, host: 'h1', from: first.run });
    expect(h.events.filter((e) => e.type === 'entity.created' && e.entity.kind === 'run').map((e) => (e as { entity: { id: string } }).entity.id)).toEqual([first.run, retried.run]);

    // Done now: nothing to retry; and only the latest run's steps are retried.
    expect(await h.send('step.retry', { run: retried.run, step: flaky.id })).toMatchObject({ ok: false, error: { name: 'StepActionRefused', message: expect.stringMatching(/nothing to retry/) } });
    expect(await h.send('step.retry', { run: first.run, step: flaky.id })).toMatchObject({ ok: false, error: { name: 'NotLatestRun' } });
  });

  it('is refused while the run is in progress', async () => {
    const gated = gatedStep('h1');
    const h = serveHarness(fakeSession([gated.step]));
    const { run } = resultOf<Started>(await h.send('apply.start', {}));
    await gated.started;
    expect(await h.send('step.retry', { run, step: gated.step.id })).toMatchObject({ ok: false, error: { name: 'RunInProgress' } });
    gated.release();
    await h.finished(run);
  });
});

describe('step.revert', () => {
  it('puts one applied step back in a reset run of its own, and has nothing to revert after', async () => {
    const state: FakeHostState = new Map([['mtu', '1500']]);
    const mtu = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const promisc = fakeSettingStep(state, 'h1', 'promisc', 'on');
    const h = serveHarness(fakeSession([mtu, promisc]));
    const applied = resultOf<Started>(await h.send('apply.start', {}));
    await h.finished(applied.run);

    const reverted = resultOf<Outcome>(await h.send('step.revert', { step: mtu.id }));
    expect(reverted).toMatchObject({ step: mtu.id, state: 'reverted' });
    expect([state.get('mtu'), state.get('promisc')]).toEqual(['1500', 'on']);
    expect(h.engine.runSummary(reverted.run)).toMatchObject({ command: 'reset', status: 'succeeded' });
    expect(statesOf(h.events, reverted.run, mtu.id)).toEqual(['reverting', 'reverted']);
    expect(journalOf(h.session.runsDir, reverted.run).map((r) => r.type)).toEqual(['run-started', 'step-reverted', 'run-finished']);

    expect(await h.send('step.revert', { step: mtu.id })).toMatchObject({ ok: false, error: { name: 'NothingToRevert' } });
    expect(await h.send('step.revert', { step: 'fake/h1/nope' })).toMatchObject({ ok: false, error: { name: 'NoSuchStep' } });

    // Reverted since the install, the step can be retried there: the next run applies it again.
    const again = resultOf<Outcome>(await h.send('step.retry', { run: applied.run, step: mtu.id }));
    await h.finished(again.run);
    expect(state.get('mtu')).toBe('9000');
  });
});
