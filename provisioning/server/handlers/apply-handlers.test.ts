/**
 * apply.start / apply.cancel and host-key questions, through the real dispatcher and handlers, over an engine
 * session whose steps act on in-memory hosts (no SSH): what `picket apply` journals, the events a face sees, one
 * piece of work at a time, and cancelling.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../../test/support/engine-doubles.ts';
import { RecordingFace } from '../../../test/support/terminal-doubles.ts';
import type { EngineEvent } from '../../contract/events.ts';
import type { WireResponse } from '../../contract/wire.ts';
import { ClusterSession } from '../../engine/cluster-session.ts';
import { listRuns } from '../../engine/journal.ts';
import { stepId, type Step } from '../../engine/step.ts';
import type { ClusterSpec } from '../../project/cluster-spec.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { requestHandlers } from './request-handlers.ts';

/** A step whose apply waits until released (or cancelled), to catch a run in the middle. */
function gatedStep(host: string): { step: Step; release: () => void; started: Promise<void> } {
  let release!: () => void;
  let markStarted!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (markStarted = r));
  let done = false;
  const step: Step = {
    id: stepId('fake', host, 'slow'),
    title: 'slow change',
    host,
    phase: 'fake',
    needs: [],
    check: async () => (done ? { state: 'in-sync' } : { state: 'changes', changes: ['slow: no -> yes'] }),
    apply: async (ctx) => {
      markStarted();
      await new Promise<void>((resolve, reject) => {
        gate.then(resolve);
        ctx.signal.addEventListener('abort', () => reject(new Error('cancelled')));
      });
      done = true;
    },
    verify: async () => [],
  };
  return { step, release, started };
}

function fakeSession(steps: Step[]): ClusterSession {
  const dir = mkdtempSync(join(tmpdir(), 'picket-serve-apply-'));
  const spec = {
    apiVersion: 'picket/v1',
    kind: 'Cluster',
    name: 'kit',
    mode: 'standalone',
    defaults: { auth: { method: 'agent' } },
    hosts: [{ name: 'h1', address: '198.18.0.250', roles: ['server', 'sensor', 'data'] }],
  } as ClusterSpec;
  const host = { name: 'h1', spec: spec.hosts[0]!, problems: [], capture: [] };
  const session = {
    project: { dir, file: join(dir, 'cluster.yaml'), spec },
    spec,
    hosts: [host],
    runsDir: join(dir, 'runs'),
    discover: async (onHost?: (h: typeof host) => void) => onHost?.(host),
    problems: () => [],
    accessMap: () => fakeHostAccess(['h1']),
    phases: () => [{ name: 'fake', title: 'Fake', steps }],
    preflightTargets: () => [],
    // The real method, reading the double's fields.
    runScope: ClusterSession.prototype.runScope,
    close: () => undefined,
  };
  return session as unknown as ClusterSession;
}

function harness(steps: Step[]) {
  const logged: string[] = [];
  const engine = new EngineService({ log: (line) => logged.push(line) });
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  const session = fakeSession(steps);
  engine.setSession(session);
  const handlers = requestHandlers(engine, new RecordingFace());
  const send = (name: string, payload: unknown): Promise<WireResponse> => dispatchRequest(handlers, name, payload, (line) => logged.push(line));
  const finished = (run: string) =>
    new Promise<void>((resolve) => {
      const poll = () => (events.some((e) => e.type === 'run.finished' && e.run === run) ? resolve() : setTimeout(poll, 5));
      poll();
    });
  return { engine, events, session, send, finished, logged };
}

const resultOf = <T>(response: WireResponse): T => {
  if (!response.ok) throw new Error(`${response.error.name}: ${response.error.message}`);
  return response.result as T;
};

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
