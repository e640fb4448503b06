/**
 * The face session both transports share, over a real EngineService (no project, no hosts): what a face hears
 * before and after `ready`, what it may ask, and what ends when it goes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../contract/events.ts';
import type { WireResponse } from '../contract/wire.ts';
import { EngineService } from './engine-service.ts';
import type { Face } from './face.ts';
import { openFaceSession, type Dispatch } from './face-session.ts';

const started = (run: string): EngineEvent => ({ type: 'run.started', run, steps: [] });
const finished = (run: string): EngineEvent => ({ type: 'run.finished', run, outcome: 'succeeded' });

let engine: EngineService;
afterEach(() => engine?.close());

function open(dispatch: Dispatch = async () => ({ ok: true, result: {} }), maxInFlight?: number) {
  engine = new EngineService({ log: () => undefined });
  const heard: EngineEvent[] = [];
  let overflowed = false;
  let face: Face | undefined;
  const session = () =>
    openFaceSession({
      engine,
      onThisMachine: true,
      send: (event) => heard.push(event),
      onOverflow: () => (overflowed = true),
      dispatcherFor: (f) => ((face = f), dispatch),
      ...(maxInFlight ? { maxInFlight } : {}),
    });
  return { heard, session, face: () => face!, overflowed: () => overflowed };
}

describe('openFaceSession', () => {
  it('keeps the snapshot and later events until the face is ready, then sends them in order, and later ones at once', () => {
    const t = open();
    engine.emit(started('0001-a'));
    const session = t.session();
    engine.emit(finished('0001-a'));
    expect(t.heard).toEqual([]);
    session.ready();
    expect(t.heard.map((e) => e.type)).toEqual(['run.started', 'run.finished']);
    engine.emit(started('0002-b'));
    expect(t.heard.at(-1)).toEqual(started('0002-b'));
  });

  it('drops a face that never gets ready before the events pile up without bound', () => {
    const t = open();
    t.session();
    for (let i = 0; i <= 10_000 && !t.overflowed(); i++) engine.emit(finished(`0001-${i}`));
    expect(t.overflowed()).toBe(true);
  });

  it('sends the face’s own events at once, and nothing once it is closed; its close listeners run once', () => {
    const t = open();
    const session = t.session();
    let closes = 0;
    t.face().onClose(() => closes++);
    t.face().send({ type: 'terminal.exit', terminal: 't1', code: 0, signal: null });
    expect(t.heard).toHaveLength(1);
    session.close();
    session.close();
    expect(closes).toBe(1);
    t.face().send({ type: 'terminal.exit', terminal: 't2', code: 0, signal: null });
    engine.emit(started('0003-c'));
    expect(t.heard).toHaveLength(1);
  });

  it('answers with what the dispatcher says, a throw as data, and Disconnected once closed', async () => {
    const t = open(async (name) => {
      if (name === 'boom') throw new Error('the handler broke');
      return { ok: true, result: { name } };
    });
    const session = t.session();
    expect(await session.request('plan.get', {})).toEqual({ ok: true, result: { name: 'plan.get' } });
    expect(await session.request('boom', {})).toEqual({ ok: false, error: { name: 'Error', message: 'the handler broke' } });
    session.close();
    expect(await session.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
  });

  it('refuses requests past the in-flight bound, and takes them again once answers are out', async () => {
    const waiting: ((response: WireResponse) => void)[] = [];
    const t = open(() => new Promise((resolve) => waiting.push(resolve)), 2);
    const session = t.session();
    const first = session.request('plan.get', {});
    const second = session.request('plan.get', {});
    expect(await session.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'TooManyRequests' } });
    for (const settle of waiting.splice(0)) settle({ ok: true, result: {} });
    expect(await Promise.all([first, second])).toEqual([
      { ok: true, result: {} },
      { ok: true, result: {} },
    ]);
    const third = session.request('plan.get', {});
    waiting.splice(0).forEach((settle) => settle({ ok: true, result: { third: true } }));
    expect(await third).toEqual({ ok: true, result: { third: true } });
  });
});
