import { describe, expect, it } from 'vitest';
import { PreloadApiDouble } from '../../test/support/preload-api-double.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { pickTransport } from './pick-transport.ts';

describe('pickTransport', () => {
  it('uses the desktop app’s preload API when the page has one: requests go through it, not to a socket', async () => {
    const bridge = new PreloadApiDouble();
    const client = pickTransport({ picket: bridge, location: { host: '127.0.0.1:1', search: '' } });
    expect(client.state).toBe('open');
    const answer = client.request('plan.get', {});
    expect(bridge.asked.map((a) => a.name)).toEqual(['plan.get']);
    bridge.asked[0]!.answer({ ok: false, error: { name: 'NoProject', message: 'no project is open' } });
    expect(await answer).toEqual({ ok: false, error: { name: 'NoProject', message: 'no project is open' } });
  });

  it('uses the WebSocket of picket serve otherwise', () => {
    const sockets: string[] = [];
    const globals = globalThis as { WebSocket?: unknown };
    const original = globals.WebSocket;
    globals.WebSocket = class {
      readyState = 0;
      constructor(url: string) {
        sockets.push(url);
      }
      addEventListener() {}
      send() {}
      close() {}
    };
    try {
      const client = pickTransport({ location: { host: '127.0.0.1:8080', search: '?token=abc' } });
      expect(client.state).toBe('connecting');
      expect(sockets).toHaveLength(1);
      expect(sockets[0]).toMatch(/^ws:\/\/127\.0\.0\.1:8080\/ws\?token=abc/);
    } finally {
      globals.WebSocket = original;
    }
  });

  it('is the same client shape as the WebSocket one', () => {
    const ipc = createIpcTransport(new PreloadApiDouble());
    expect(Object.keys(ipc).sort()).toEqual(['close', 'on', 'onAny', 'onStateChange', 'ready', 'request', 'state']);
  });
});
