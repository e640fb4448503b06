import { describe, expect, it } from 'vitest';
import { createIpcTransport } from './ipc-transport.ts';
import { pickTransport } from './pick-transport.ts';

describe('pickTransport', () => {
  it('uses the desktop app’s preload API when the page has one: until IPC is written, every request says so', async () => {
    const client = pickTransport({ picket: { face: 'desktop' }, location: { host: '127.0.0.1:1', search: '' } });
    expect(client.state).toBe('closed');
    expect(await client.request('plan.get', {})).toEqual({
      ok: false,
      error: { name: 'NotImplemented', message: "plan.get: the desktop app's IPC transport is not written yet; use picket serve meanwhile" },
    });
  });

  it('is the same client shape as the WebSocket one', () => {
    const ipc = createIpcTransport({ face: 'desktop' });
    expect(Object.keys(ipc).sort()).toEqual(['close', 'on', 'onAny', 'onStateChange', 'ready', 'request', 'state']);
  });
});
