/** The renderer's IPC client against a double of the preload's `window.picket`. */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { RequestName } from '../../provisioning/contract/requests.ts';
import { PreloadApiDouble } from '../../test/support/preload-api-double.ts';
import { createIpcTransport } from './ipc-transport.ts';

function client() {
  const bridge = new PreloadApiDouble();
  return { bridge, client: createIpcTransport(bridge) };
}

const finished: EngineEvent = { type: 'run.finished', run: '0001-x', outcome: 'failed' };

describe('createIpcTransport', () => {
  it('is open from the start and sends requests through the bridge by name', async () => {
    const { bridge, client: c } = client();
    expect(c.state).toBe('open');
    const answer = c.request('apply.cancel', { run: '0001-x' });
    expect(bridge.asked.map(({ name, payload }) => ({ name, payload }))).toEqual([{ name: 'apply.cancel', payload: { run: '0001-x' } }]);
    bridge.asked[0]!.answer({ ok: true, result: { run: '0001-x' } });
    expect(await answer).toEqual({ ok: true, result: { run: '0001-x' } });
  });

  it('checks each answer against its request’s response schema', async () => {
    const { bridge, client: c } = client();
    const wrong = c.request('apply.cancel', { run: '0001-x' });
    bridge.asked[0]!.answer({ ok: true, result: { run: 42 } });
    expect(await wrong).toMatchObject({ ok: false, error: { name: 'ContractMismatch', message: expect.stringContaining('apply.cancel') } });
    const failure = c.request('plan.get', {});
    bridge.asked[1]!.answer({ ok: false, error: { name: 'NoProject', message: 'no project is open' } });
    expect(await failure).toEqual({ ok: false, error: { name: 'NoProject', message: 'no project is open' } });
  });

  it('answers a name outside the contract itself, and a bridge that rejects, as data', async () => {
    const { bridge, client: c } = client();
    expect(await c.request('nope' as RequestName, {} as never)).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    const lost = c.request('plan.get', {});
    bridge.asked[0]!.fail(new Error('the main process is gone'));
    expect(await lost).toEqual({ ok: false, error: { name: 'IpcFailed', message: 'plan.get did not reach the engine: the main process is gone' } });
  });

  it('passes events that fit the contract to listeners by type, and drops the others', () => {
    const { bridge, client: c } = client();
    const byType: EngineEvent[] = [];
    const all: EngineEvent[] = [];
    c.on('run.finished', (event) => byType.push(event));
    c.onAny((event) => all.push(event));
    bridge.push(finished);
    bridge.push({ type: 'run.finished', run: '0001-x', outcome: 'exploded' });
    bridge.push({ type: 'no.such.event' });
    bridge.push('not even an object');
    bridge.push({ type: 'hostKey.settled', promptId: 'p1', accepted: false, how: 'expired' });
    expect(byType).toEqual([finished]);
    expect(all.map((e) => e.type)).toEqual(['run.finished', 'hostKey.settled']);
  });

  it('says ready through the bridge', async () => {
    const { bridge, client: c } = client();
    c.ready();
    expect(bridge.readyCalls).toBe(1);
  });

  it('on close: stops hearing events, answers waiting and later requests with Disconnected, and says it closed', async () => {
    const { bridge, client: c } = client();
    const states: string[] = [];
    c.onStateChange((state) => states.push(state));
    const waiting = c.request('plan.get', {});
    expect(bridge.listening).toBe(1);
    c.close();
    c.close();
    expect(states).toEqual(['closed']);
    expect(c.state).toBe('closed');
    expect(bridge.listening).toBe(0);
    expect(await waiting).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
    bridge.asked[0]!.answer({ ok: true, result: {} });
    expect(await c.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
    expect(bridge.asked).toHaveLength(1);
  });
});
