/** What the preload gives the page, against a double of ipcRenderer: four members, checked names, no IPC objects. */
import { describe, expect, it } from 'vitest';
import { DESKTOP_API_KEYS, DESKTOP_CHANNELS } from '../provisioning/contract/desktop-bridge.ts';
import type { RequestName } from '../provisioning/contract/requests.ts';
import type { WireResponse } from '../provisioning/contract/wire.ts';
import { IpcMainDouble, PageIpcDouble } from '../test/support/electron-ipc-double.ts';
import { createPreloadApi } from './preload-api.ts';

function page(answer: (channel: string, args: unknown[]) => Promise<WireResponse> = async () => ({ ok: true, result: {} })) {
  const ipcMain = new IpcMainDouble();
  for (const channel of [DESKTOP_CHANNELS.request, DESKTOP_CHANNELS.ready]) ipcMain.handle(channel, (_event, ...args) => answer(channel, args));
  const ipc = new PageIpcDouble(ipcMain, 'file:///app/index.html');
  return { ipc, api: createPreloadApi(ipc) };
}

describe('createPreloadApi', () => {
  it('has exactly face, request, onEvent and ready', () => {
    const { api } = page();
    expect(Object.keys(api).sort()).toEqual([...DESKTOP_API_KEYS]);
    expect(api.face).toBe('desktop');
  });

  it('sends a request of the contract on the request channel and resolves with the answer', async () => {
    const { ipc, api } = page(async (_channel, args) => ({ ok: true, result: { echoed: args } }));
    expect(await api.request('apply.cancel', { run: '0001-x' })).toEqual({ ok: true, result: { echoed: ['apply.cancel', { run: '0001-x' }] } });
    expect(ipc.invoked).toEqual([{ channel: 'picket:request', args: ['apply.cancel', { run: '0001-x' }] }]);
  });

  it('refuses a name that is not a request of the contract without sending anything', async () => {
    const { ipc, api } = page();
    for (const name of ['process.exit', '__proto__', 'toString', 42, undefined]) {
      expect(await api.request(name as RequestName, {}), String(name)).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    }
    expect(ipc.invoked).toEqual([]);
  });

  it('resolves, never rejects, when the main process cannot answer', async () => {
    const { api } = page(async () => {
      throw new Error('no engine');
    });
    expect(await api.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'IpcFailed', message: expect.stringContaining('plan.get did not reach the engine') } });
    expect(await api.ready()).toMatchObject({ ok: false, error: { name: 'IpcFailed' } });
  });

  it('hands listeners the event alone, never the IPC event (whose sender is ipcRenderer), until they stop', () => {
    const { ipc, api } = page();
    const heard: unknown[][] = [];
    const stop = api.onEvent((...args: unknown[]) => heard.push(args));
    ipc.contents.send('picket:event', { type: 'run.finished', run: 'r', outcome: 'failed' });
    expect(heard).toEqual([[{ type: 'run.finished', run: 'r', outcome: 'failed' }]]);
    stop();
    expect(ipc.listenerCount('picket:event')).toBe(0);
    ipc.contents.send('picket:event', { type: 'run.finished', run: 'r2', outcome: 'failed' });
    expect(heard).toHaveLength(1);
  });

  it('says ready on the ready channel', async () => {
    const { ipc, api } = page();
    expect(await api.ready()).toEqual({ ok: true, result: {} });
    expect(ipc.invoked).toEqual([{ channel: 'picket:ready', args: [] }]);
  });
});
