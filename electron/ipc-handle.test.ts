/**
 * The one IPC wrapper, against a double of ipcMain: who may call, what arguments pass, and that nothing but data
 * ever comes back — never a rejected invoke.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IpcMainDouble, PageIpcDouble } from '../test/support/electron-ipc-double.ts';
import { RequestFailure } from '../provisioning/server/request-failure.ts';
import { HostError } from '../provisioning/ssh/host-error.ts';
import { builtAppPage } from './app-page.ts';
import { ipcHandle, type IpcHandler } from './ipc-handle.ts';

const app = builtAppPage('/opt/picket/dist/renderer/index.html');
const ArgsSchema = z.tuple([z.string(), z.number().int()]);

function setup(handler: IpcHandler<typeof ArgsSchema> = async ([word, count]) => ({ ok: true, result: { said: word.repeat(count) } })) {
  const ipcMain = new IpcMainDouble();
  const log: string[] = [];
  const calls: unknown[] = [];
  const window = new PageIpcDouble(ipcMain, app.url, { id: 1 });
  const handle = ipcHandle(ipcMain, { isAppWindow: (sender) => sender === window.contents, isAppUrl: app.isAppUrl }, (line) => log.push(line));
  handle('picket:request', ArgsSchema, async (args) => {
    calls.push(args);
    return handler(args);
  });
  return { ipcMain, window, log, calls };
}

describe('ipcHandle', () => {
  it('passes the parsed arguments of a call from the app’s own page to the handler, and its answer back', async () => {
    const { window, calls } = setup();
    expect(await window.invoke('picket:request', 'ab', 2)).toEqual({ ok: true, result: { said: 'abab' } });
    window.url = `${app.url}#/hosts?step=2`;
    expect(await window.invoke('picket:request', 'c', 1)).toEqual({ ok: true, result: { said: 'c' } });
    expect(calls).toEqual([
      ['ab', 2],
      ['c', 1],
    ]);
  });

  it('refuses, as data, a call from a page that is not the app’s, without calling the handler', async () => {
    const { window, calls, log } = setup();
    for (const url of ['https://example.com/', 'file:///tmp/evil/index.html', 'file:///opt/picket/dist/renderer/other.html', 'file://host/opt/picket/dist/renderer/index.html', 'http://127.0.0.1:5173/']) {
      window.url = url;
      const answer = await window.invoke('picket:request', 'ab', 2);
      expect(answer, url).toMatchObject({ ok: false, error: { name: 'ForeignSender' } });
    }
    expect(calls).toEqual([]);
    expect(log[1]).toMatch(/refused picket:request: the call came from a page that is not Picket's \(file:\/\/\/tmp\/evil\/index\.html\)/);
  });

  it('refuses a call from another window, from a frame inside the page, and from a frame that is gone', async () => {
    const { ipcMain, window, calls } = setup();
    const other = new PageIpcDouble(ipcMain, app.url, { id: 2 });
    expect(await other.invoke('picket:request', 'ab', 2)).toMatchObject({ ok: false, error: { name: 'ForeignSender', message: "the call came from a window that is not Picket's" } });
    const frame = new PageIpcDouble(ipcMain, app.url, { subframe: true });
    const insideWindow = { ...frame.invokeEvent(), sender: window.contents };
    expect(await ipcMain.invoke(insideWindow, 'picket:request', 'ab', 2)).toMatchObject({ ok: false, error: { name: 'ForeignSender', message: /a frame inside the page/ } });
    expect(await ipcMain.invoke({ sender: window.contents, senderFrame: null }, 'picket:request', 'ab', 2)).toMatchObject({
      ok: false,
      error: { name: 'ForeignSender', message: /frame is gone/ },
    });
    expect(calls).toEqual([]);
  });

  it('refuses arguments that do not fit the channel’s schema, saying what is wrong, without calling the handler', async () => {
    const { window, calls } = setup();
    const answers = [await window.invoke('picket:request', 'ab'), await window.invoke('picket:request', 'ab', 1.5), await window.invoke('picket:request', 'ab', 2, 'extra')];
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect((answers[1] as { error: { message: string } }).error.message).toMatch(/^picket:request: the arguments do not fit the contract:\n.*expected int/);
    expect(calls).toEqual([]);
  });

  it('turns whatever the handler throws into data: the invoke never rejects', async () => {
    const thrown: unknown[] = [new RequestFailure('Busy', 'discovery is in progress'), new HostError('lab-2', 'auth', 'permission denied (publickey)'), new TypeError('x is undefined'), 'a string'];
    let next = 0;
    const { window } = setup(async () => {
      throw thrown[next++];
    });
    const answers = [];
    for (let i = 0; i < thrown.length; i++) answers.push(await window.invoke('picket:request', 'ab', 1));
    expect(answers).toEqual([
      { ok: false, error: { name: 'Busy', message: 'discovery is in progress' } },
      { ok: false, error: { name: 'HostError', message: expect.stringContaining('permission denied'), host: 'lab-2', kind: 'auth' } },
      { ok: false, error: { name: 'TypeError', message: 'x is undefined' } },
      { ok: false, error: { name: 'Error', message: 'a string' } },
    ]);
  });

  it('answers as data even when checking the sender itself fails', async () => {
    const ipcMain = new IpcMainDouble();
    const window = new PageIpcDouble(ipcMain, app.url);
    const handle = ipcHandle(
      ipcMain,
      {
        isAppWindow: () => {
          throw new Error('Object has been destroyed');
        },
        isAppUrl: app.isAppUrl,
      },
      () => undefined,
    );
    handle('picket:ready', z.tuple([]), async () => ({ ok: true, result: {} }));
    expect(await window.invoke('picket:ready')).toEqual({ ok: false, error: { name: 'Error', message: 'Object has been destroyed' } });
  });
});
