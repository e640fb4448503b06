import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClientMessage, ServerMessage } from '../../provisioning/contract/wire.ts';
import { serveSocketUrl } from './serve-socket-url.ts';
import { createWsTransport, type WebSocketLike } from './ws-transport.ts';

/** A socket the test opens, closes and answers by hand. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: ClientMessage[] = [];
  private readonly handlers = new Map<string, ((event: { data: unknown }) => void)[]>();

  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(): void {
    this.fire('close');
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  receive(message: ServerMessage | string): void {
    this.fire('message', typeof message === 'string' ? message : JSON.stringify(message));
  }
  private fire(type: string, data?: unknown): void {
    if (type === 'close') this.readyState = 3;
    for (const handler of this.handlers.get(type) ?? []) handler({ data });
  }
}

function client() {
  const socket = new FakeSocket();
  return { socket, client: createWsTransport('ws://127.0.0.1:1/ws', { createSocket: () => socket }) };
}

describe('createWsTransport', () => {
  it('holds messages until the socket opens, then sends them in order', () => {
    const { socket, client: c } = client();
    c.ready();
    void c.request('plan.get', {});
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'ready' }, { type: 'request', id: 1, name: 'plan.get', payload: {} }]);
    expect(c.state).toBe('open');
  });

  it('matches responses to requests by id and checks them against the request’s result schema', async () => {
    const { socket, client: c } = client();
    socket.open();
    const cancel = c.request('apply.cancel', { run: 'r1' });
    const confirm = c.request('hostKey.confirm', { promptId: 'p', accept: true });
    socket.receive({ type: 'response', id: 2, response: { ok: true, result: { promptId: 'p', accepted: 'yes' } } });
    socket.receive({ type: 'response', id: 1, response: { ok: true, result: { run: 'r1' } } });
    expect(await cancel).toEqual({ ok: true, result: { run: 'r1' } });
    expect(await confirm).toMatchObject({ ok: false, error: { name: 'ContractMismatch' } });
  });

  it('hands events to the listeners of their type and to all-event listeners; one failing listener spoils nothing', () => {
    const { socket, client: c } = client();
    const seen: string[] = [];
    c.on('step.state', () => {
      throw new Error('a broken store');
    });
    c.on('step.state', (e) => seen.push(`state ${e.state}`));
    c.on('run.finished', (e) => seen.push(`finished ${e.outcome}`));
    const stop = c.onAny((e) => seen.push(`any ${e.type}`));
    const originalError = console.error;
    console.error = () => undefined;
    try {
      socket.receive({ type: 'event', event: { type: 'step.state', run: 'r', step: 's', host: 'h', state: 'applying' } });
      stop();
      socket.receive({ type: 'event', event: { type: 'run.finished', run: 'r', outcome: 'succeeded' } });
      socket.receive('not json');
      socket.receive({ type: 'event', event: { type: 'made.up' } } as unknown as ServerMessage);
    } finally {
      console.error = originalError;
    }
    expect(seen).toEqual(['state applying', 'any step.state', 'finished succeeded']);
  });

  it('answers every waiting request with Disconnected when the socket closes, and later ones at once', async () => {
    const { socket, client: c } = client();
    const states: string[] = [];
    c.onStateChange((s) => states.push(s));
    socket.open();
    const waiting = c.request('inventory.run', {});
    socket.close();
    expect(await waiting).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
    expect(await c.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
    expect(states).toEqual(['open', 'closed']);
  });

  it('answers an unknown request name at once, as data, and sends nothing', async () => {
    const { socket, client: c } = client();
    socket.open();
    const untyped = c.request as (name: string, payload: unknown) => Promise<unknown>;
    await expect(untyped('no.suchRequest', {})).resolves.toEqual({
      ok: false,
      error: { name: 'UnknownRequest', message: 'there is no request named "no.suchRequest"' },
    });
    expect(socket.sent).toEqual([]);
  });

  it('is satisfied by the browser’s WebSocket', () => {
    expectTypeOf<WebSocket>().toExtend<WebSocketLike>();
  });
});

describe('serveSocketUrl', () => {
  it('is the serving page’s host with /ws, carrying the token while the page URL has it', () => {
    expect(serveSocketUrl({ host: '127.0.0.1:4100', search: `?token=${'a'.repeat(64)}` })).toBe(`ws://127.0.0.1:4100/ws?token=${'a'.repeat(64)}`);
    expect(serveSocketUrl({ host: '127.0.0.1:4100', search: '' })).toBe('ws://127.0.0.1:4100/ws');
  });
});
