/**
 * Test doubles for the request handlers of `picket serve`: an engine session over in-memory hosts (no SSH, its
 * steps act on maps), a step that waits until released, and a harness that sends requests through the real
 * dispatcher and records every event the faces would see.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { WireResponse } from '../../provisioning/contract/wire.ts';
import { ClusterSession } from '../../provisioning/engine/cluster-session.ts';
import { stepId, type Step } from '../../provisioning/engine/step.ts';
import type { ClusterSpec } from '../../provisioning/project/cluster-spec.ts';
import { dispatchRequest } from '../../provisioning/server/dispatch-request.ts';
import { EngineService } from '../../provisioning/server/engine-service.ts';
import { requestHandlers } from '../../provisioning/server/handlers/request-handlers.ts';
import { fakeHostAccess } from './engine-doubles.ts';
import { RecordingFace } from './terminal-doubles.ts';

export interface GatedStep {
  step: Step;
  /** Lets the waiting apply finish. */
  release: () => void;
  /** Resolves once apply has begun waiting. */
  started: Promise<void>;
}

/** A step whose apply waits until released (or cancelled), to catch a run in the middle. */
export function gatedStep(host: string, name = 'slow'): GatedStep {
  let release!: () => void;
  let markStarted!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const started = new Promise<void>((r) => (markStarted = r));
  let done = false;
  const step: Step = {
    id: stepId('fake', host, name),
    title: `${name} change`,
    host,
    phase: 'fake',
    needs: [],
    check: async () => (done ? { state: 'in-sync' } : { state: 'changes', changes: [`${name}: no -> yes`] }),
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

/** A session of one project folder (a temp dir) whose hosts are in memory: `steps` are its whole plan. */
export function fakeSession(steps: Step[], hosts = ['h1']): ClusterSession {
  const dir = mkdtempSync(join(tmpdir(), 'picket-serve-double-'));
  const spec = {
    apiVersion: 'picket/v1',
    kind: 'Cluster',
    name: 'kit',
    mode: 'standalone',
    defaults: { auth: { method: 'agent' } },
    hosts: hosts.map((name, i) => ({ name, address: `198.18.0.${250 - i}`, roles: ['server', 'sensor', 'data'] })),
  } as ClusterSpec;
  const sessionHosts = spec.hosts.map((h) => ({ name: h.name, spec: h, problems: [], capture: [] }));
  const session = {
    project: { dir, file: join(dir, 'cluster.yaml'), spec },
    spec,
    hosts: sessionHosts,
    runsDir: join(dir, 'runs'),
    discover: async (onHost?: (h: (typeof sessionHosts)[number]) => void) => sessionHosts.forEach((h) => onHost?.(h)),
    problems: () => [],
    accessMap: () => fakeHostAccess(hosts),
    phases: () => [{ name: 'fake', title: 'Fake', steps }],
    preflightTargets: () => [],
    // The real method, reading the double's fields.
    runScope: ClusterSession.prototype.runScope,
    close: () => undefined,
  };
  return session as unknown as ClusterSession;
}

export interface ServeHarness {
  engine: EngineService;
  events: EngineEvent[];
  session: ClusterSession;
  send: (name: string, payload: unknown) => Promise<WireResponse>;
  /** Resolves once run.finished has been sent for `run`. */
  finished: (run: string) => Promise<void>;
  /** Resolves once an event matching `match` has been sent. */
  eventually: (match: (event: EngineEvent) => boolean, what: string) => Promise<EngineEvent>;
  logged: string[];
}

export function serveHarness(session: ClusterSession): ServeHarness {
  const logged: string[] = [];
  const engine = new EngineService({ log: (line) => logged.push(line) });
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  engine.setSession(session);
  const handlers = requestHandlers(engine, new RecordingFace());
  const send = (name: string, payload: unknown): Promise<WireResponse> => dispatchRequest(handlers, name, payload, (line) => logged.push(line));
  const eventually = (match: (event: EngineEvent) => boolean, what: string) =>
    new Promise<EngineEvent>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const found = events.find(match);
        if (found) return resolve(found);
        if (Date.now() - started > 10_000) return reject(new Error(`no event: ${what}`));
        setTimeout(poll, 5);
      };
      poll();
    });
  const finished = async (run: string) => {
    await eventually((e) => e.type === 'run.finished' && e.run === run, `run.finished of ${run}`);
  };
  return { engine, events, session, send, finished, eventually, logged };
}

/** The result of an { ok: true } answer; an { ok: false } one fails the test with its error. */
export function resultOf<T>(response: WireResponse): T {
  if (!response.ok) throw new Error(`${response.error.name}: ${response.error.message}`);
  return response.result as T;
}
