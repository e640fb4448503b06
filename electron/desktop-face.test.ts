/**
 * The desktop face end to end, all but Electron itself: the renderer's IPC transport over the real preload API,
 * over a double of Electron's IPC, into the main process's wrapper, window face and the dispatcher `picket serve`
 * uses, to a real engine (a project in a temporary folder; no host is contacted) — and a real local shell.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../provisioning/contract/events.ts';
import type { RequestName } from '../provisioning/contract/requests.ts';
import { LOCAL_SHELL_HOST } from '../provisioning/contract/terminal-requests.ts';
import { EngineService } from '../provisioning/server/engine-service.ts';
import { faceDispatcher } from '../provisioning/server/face-dispatcher.ts';
import { createIpcTransport } from '../renderer/api/ipc-transport.ts';
import { IpcMainDouble, PageIpcDouble } from '../test/support/electron-ipc-double.ts';
import { openTerminal } from '../test/support/terminal-face.ts';
import { builtAppPage } from './app-page.ts';
import { eventSender, serveDesktopIpc } from './desktop-ipc.ts';
import { ipcHandle } from './ipc-handle.ts';
import { createPreloadApi } from './preload-api.ts';
import { WindowFace } from './window-face.ts';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function desktop() {
  const log: string[] = [];
  const engine = new EngineService({ log: (line) => log.push(line) });
  const ipcMain = new IpcMainDouble();
  const app = builtAppPage('/opt/picket/dist/renderer/index.html');
  const page = new PageIpcDouble(ipcMain, app.url);
  const face = new WindowFace({ engine, dispatcherFor: faceDispatcher(engine, (line) => log.push(line)), send: eventSender(() => page.contents), log: (line) => log.push(line) });
  serveDesktopIpc(ipcHandle(ipcMain, { isAppWindow: (sender) => sender === page.contents, isAppUrl: app.isAppUrl }, (line) => log.push(line)), face);
  cleanups.push(() => face.end(), () => engine.close());
  /** The window loads (or reloads) its page: a new preload API and client, as a new document gets. */
  const load = () => {
    face.pageLoading();
    const client = createIpcTransport(createPreloadApi(page));
    cleanups.push(() => client.close());
    const heard: EngineEvent[] = [];
    client.onAny((event) => heard.push(event));
    return { client, heard };
  };
  return { engine, ipcMain, page, face, load, log };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'picket-desktop-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('the desktop face', () => {
  it('serves exactly two IPC channels: requests and ready', () => {
    expect(desktop().ipcMain.channels).toEqual(['picket:ready', 'picket:request']);
  });

  it('carries a request to the engine and its answer back, and the engine’s events once the page is ready', async () => {
    const d = desktop();
    const { client, heard } = d.load();
    const dir = join(await tempDir(), 'kit');
    expect(await client.request('project.create', { dir, name: 'kit', mode: 'standalone' })).toEqual({ ok: true, result: { dir, file: join(dir, 'cluster.yaml') } });
    const opened = await client.request('project.open', { path: dir });
    expect(opened).toMatchObject({ ok: true, result: { name: 'kit', mode: 'standalone', hosts: [] } });
    expect(heard).toEqual([]);

    client.ready();
    await expect.poll(() => heard.map((e) => e.type)).toContain('entity.created');
    expect(heard).toContainEqual(expect.objectContaining({ type: 'entity.created', entity: expect.objectContaining({ kind: 'project', id: dir }) }));
    const before = heard.length;
    d.engine.emit({ type: 'run.finished', run: '0001-x', outcome: 'succeeded' });
    expect(heard.slice(before)).toEqual([{ type: 'run.finished', run: '0001-x', outcome: 'succeeded' }]);
  });

  it('refuses a bad payload as data, in the words the WebSocket face gets', async () => {
    const { client } = desktop().load();
    const answer = await client.request('project.open', { path: 7 } as never);
    expect(answer).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(!answer.ok && answer.error.message).toMatch(/^project\.open: the payload does not fit the contract:\n/);
  });

  it('sends no name outside the contract, and refuses one a page sends anyway', async () => {
    const d = desktop();
    const { client } = d.load();
    expect(await client.request('process.exit' as RequestName, {} as never)).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    expect(d.page.invoked).toEqual([]);
    for (const name of ['process.exit', '__proto__', 'constructor']) {
      expect(await d.page.invoke('picket:request', name, {}), name).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    }
  });

  it('answers nothing but a refusal to a page that is not the app’s', async () => {
    const d = desktop();
    const { client } = d.load();
    d.page.url = 'file:///home/user/Downloads/index.html';
    expect(await client.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'ForeignSender' } });
    expect(d.log).toContainEqual(expect.stringMatching(/refused picket:request: .*Downloads\/index\.html/));
  });

  it('makes each page load a new face: the reloaded page hears the snapshot again once it says ready', async () => {
    const d = desktop();
    const first = d.load();
    const dir = join(await tempDir(), 'kit');
    await first.client.request('project.create', { dir, name: 'kit', mode: 'standalone' });
    await first.client.request('project.open', { path: dir });
    first.client.ready();

    const second = d.load();
    d.engine.emit({ type: 'run.finished', run: '0001-x', outcome: 'failed' });
    expect(second.heard).toEqual([]);
    second.client.ready();
    await expect.poll(() => second.heard.length).toBeGreaterThan(0);
    expect(second.heard[0]).toMatchObject({ type: 'entity.created', entity: { kind: 'project', id: dir } });
    expect(second.heard.at(-1)).toEqual({ type: 'run.finished', run: '0001-x', outcome: 'failed' });
  });

  it('says Disconnected once the window’s page is gone, and sends it nothing more', async () => {
    const d = desktop();
    const { client, heard } = d.load();
    client.ready();
    d.face.end();
    d.engine.emit({ type: 'run.finished', run: '0001-x', outcome: 'failed' });
    expect(await client.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
    expect(heard).toEqual([]);
  });

  it('gives the window a shell on this machine, its output on the event channel', async () => {
    const { client } = desktop().load();
    client.ready();
    const term = await openTerminal(client, { host: LOCAL_SHELL_HOST, cols: 100, rows: 30 });
    await term.type('echo picket-$((6*7))\r');
    await term.until(() => /^picket-42\r$/m.test(term.text()), 'the shell to answer');
    await term.close();
  });
});
