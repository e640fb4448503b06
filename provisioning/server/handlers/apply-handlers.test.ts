/**
 * apply.start / apply.cancel and host-key questions, through the real dispatcher and handlers, over an engine
 * session whose steps act on in-memory hosts (no SSH): what `picket apply` journals, the events a face sees, one
 * piece of work at a time, and cancelling.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeSettingStep, type FakeHostState } from '../../../test/support/engine-doubles.ts';
import { fakeSession, gatedStep, resultOf, serveHarness } from '../../../test/support/serve-doubles.ts';
import { RecordingFace } from '../../../test/support/terminal-doubles.ts';
import { listRuns } from '../../engine/journal.ts';
import type { Step } from '../../engine/step.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { requestHandlers } from './request-handlers.ts';

function harness(steps: Step[]) {
  return serveHarness(fakeSession(steps));
}

describe('apply.start', () => {
  it('discovers, preflights, plans, and runs one journaled apply, streaming its events', async () => {
    const state: FakeHostState = new Map([['mtu', '1500']]);
    const h = harness([fakeSettingStep(state, 'h1', 'mtu', '9000'), fakeSettingStep(state, 'h1', 'promisc', 'on')]);
    const started = resultOf<{ status: string; run: string; resumed: boolean; journal: string }>(
      await h.send('apply.start', { skip: [{ step: 'fake/h1/promisc', reason: 'TAP arrives tomorrow' }] }),
    );
    expect(started).toMatchObject({ status: 'started', resumed: false, journal: join(h.session.runsDir, started.run, 'journal.jsonl') });
    await h.finished(started.run);
    expect(state.get('mtu')).toBe('9000');
    expect(state.has('promisc')).toBe(false);

    const types = h.events.map((e) => e.type);
    expect(types.indexOf('inventory.host')).toBeLessThan(types.indexOf('preflight.findings'));
    expect(types.indexOf('preflight.findings')).toBeLessThan(types.indexOf('run.started'));
    const states = h.events.flatMap((e) => (e.type === 'step.state' && e.step === 'fake/h1/mtu' ? [e.state] : []));
    expect(states).toEqual(['pending', 'checking', 'applying', 'verifying', 'verified']);
    expect(h.events).toContainEqual({ type: 'step.state', run: started.run, step: 'fake/h1/promisc', host: 'h1', state: 'skipped', detail: 'TAP arrives tomorrow' });
    expect(h.events).toContainEqual({ type: 'step.output', run: started.run, step: 'fake/h1/mtu', host: 'h1', text: 'will change: mtu: 1500 -> 9000\n' });
    expect(h.events.filter((e) => e.type === 'entity.created' || e.type === 'entity.updated').flatMap((e) => (e.entity.kind === 'run' ? [`${e.type} ${e.entity.value.status}`] : []))).toEqual([
      'entity.created running',
      'entity.updated succeeded',
    ]);
    expect(h.events.at(-2)).toEqual({ type: 'run.finished', run: started.run, outcome: 'succeeded' });

    const [run] = listRuns(h.session.runsDir);
    expect(run?.records.map((r) => r.type)).toEqual([
      'run-started', 'step-captured', 'step-started', 'step-applied', 'step-verified', 'step-skipped', 'run-finished',
    ]);
    expect(h.logged).toEqual([]);
  });

  it('says when there is nothing to change, and refuses a skip of a step the plan does not have', async () => {
    const state: FakeHostState = new Map([['mtu', '9000']]);
    const h = harness([fakeSettingStep(state, 'h1', 'mtu', '9000')]);
    expect(await h.send('apply.start', {})).toEqual({ ok: true, result: { status: 'nothing-to-change' } });
    expect(await h.send('apply.start', { skip: [{ step: 'fake/h1/nope', reason: 'x' }] })).toMatchObject({ ok: false, error: { name: 'UnknownStep' } });
    expect(await h.send('apply.start', { skip: [{ step: 'fake/h1/mtu', reason: '   ' }] })).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(listRuns(h.session.runsDir)).toEqual([]);
  });

  it('does one piece of work at a time, and cancels a run on request, journaled as cancelled', async () => {
    const gated = gatedStep('h1');
    const h = harness([gated.step]);
    const started = resultOf<{ run: string }>(await h.send('apply.start', {}));
    await gated.started;
    expect(await h.send('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Busy', message: `apply is in progress: wait for it to finish (or cancel run ${started.run})` } });
    expect(await h.send('apply.start', {})).toMatchObject({ ok: false, error: { name: 'Busy' } });
    expect(await h.send('apply.cancel', { run: 'another' })).toMatchObject({ ok: false, error: { name: 'NoSuchRun' } });
    expect(await h.send('apply.cancel', { run: started.run })).toEqual({ ok: true, result: { run: started.run } });
    await h.finished(started.run);
    expect(h.events).toContainEqual({ type: 'run.finished', run: started.run, outcome: 'cancelled' });
    expect(listRuns(h.session.runsDir)[0]?.records.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });

    // Free again: the next apply resumes nothing (the cancelled run finished) and applies the step.
    const next = resultOf<{ run: string; resumed: boolean }>(await h.send('apply.start', {}));
    expect(next.resumed).toBe(false);
    gated.release();
    await h.finished(next.run);
    expect(h.events).toContainEqual({ type: 'run.finished', run: next.run, outcome: 'succeeded' });
  });

  it('cancels the run in progress when the server stops', async () => {
    const gated = gatedStep('h1');
    const h = harness([gated.step]);
    const started = resultOf<{ run: string }>(await h.send('apply.start', {}));
    await gated.started;
    await h.engine.close();
    expect(listRuns(h.session.runsDir).find((r) => r.run === started.run)?.records.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });
  });
});

describe('host-key questions', () => {
  it('reach every face with the fingerprint and are answered by hostKey.confirm', async () => {
    const h = harness([]);
    const offer = { host: '198.18.0.250', port: 22, keyType: 'ssh-ed25519', fingerprint: `SHA256:${'Q'.repeat(43)}` };
    const answer = h.engine.confirmNewHost(offer);
    const prompt = h.events.find((e) => e.type === 'hostKey.prompt');
    expect(prompt).toMatchObject({ host: 'h1', address: '198.18.0.250', fingerprint: offer.fingerprint });
    expect(h.engine.snapshot()).toContainEqual(prompt);
    const promptId = (prompt as { promptId: string }).promptId;
    expect(await h.send('hostKey.confirm', { promptId, accept: true })).toEqual({ ok: true, result: { promptId, accepted: true } });
    expect(await answer).toBe(true);
    expect(await h.send('hostKey.confirm', { promptId, accept: false })).toMatchObject({ ok: false, error: { name: 'NoSuchPrompt' } });
  });
});

describe('without a project', () => {
  it('says to open one', async () => {
    const engine = new EngineService();
    const send = (name: string) => dispatchRequest(requestHandlers(engine, new RecordingFace()), name, {}, () => undefined);
    for (const name of ['inventory.run', 'plan.get', 'apply.start', 'preflight.run']) {
      expect(await send(name)).toMatchObject({ ok: false, error: { name: 'NoProject', message: 'no project is open: open one first (project.open)' } });
    }
  });
});
