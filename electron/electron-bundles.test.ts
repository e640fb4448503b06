/**
 * The desktop app's built bundles, as far as they can be run without Electron's binary: preload.cjs in a bare
 * CommonJS context that offers `require('electron')` and nothing else (as a sandboxed preload gets), and main.js
 * in plain Node against a double of Electron's main-process API, driven as a page would drive it. What these
 * cannot show — a real window, a real sandbox — the Electron smoke test (test/e2e/electron-window.e2e.test.ts)
 * checks where the binary exists.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP_API_KEYS } from '../provisioning/contract/desktop-bridge.ts';
import { createProject } from '../provisioning/project/project-folder.ts';
import { IpcMainDouble, PageIpcDouble } from '../test/support/electron-ipc-double.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
let out: string;

beforeAll(async () => {
  // Laid out as the packaged app is: package.json (an ES module package), node_modules, dist/electron.
  out = await mkdtemp(join(tmpdir(), 'picket-electron-build-'));
  await writeFile(join(out, 'package.json'), JSON.stringify({ name: 'picket', type: 'module', main: 'electron/main.js' }));
  await symlink(join(root, 'node_modules'), join(out, 'node_modules'));
  for (const mode of ['main', 'preload']) {
    await build({ configFile: join(root, 'electron', 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir: join(out, 'electron') } });
  }
}, 60_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe('preload.cjs', () => {
  it('needs nothing but electron, and exposes window.picket with its four members, working', async () => {
    const code = await readFile(join(out, 'electron', 'preload.cjs'), 'utf8');
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const ipcMain = new IpcMainDouble();
    ipcMain.handle('picket:request', async (_event, name) => ({ ok: true, result: { name } }));
    const page = new PageIpcDouble(ipcMain, 'file:///app/index.html');
    const electron = { contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) }, ipcRenderer: page };
    const sandboxRequire = (id: string) => {
      required.push(id);
      if (id !== 'electron') throw new Error(`module not found: ${id}`);
      return electron;
    };
    const module = { exports: {} };
    runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });

    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['picket']);
    const api = exposed.get('picket')!;
    expect(Object.keys(api).sort()).toEqual([...DESKTOP_API_KEYS]);
    expect(await (api.request as (n: string, p: unknown) => Promise<unknown>)('plan.get', {})).toEqual({ ok: true, result: { name: 'plan.get' } });
  });
});

describe('main.js', () => {
  it('opens one secure window on the built UI, serves the page, refuses strangers, and stops the engine on quit', async () => {
    const project = join(out, 'kit');
    await createProject(project, { name: 'kit', mode: 'standalone' });
    const driver = join(root, 'test', 'support', 'electron-main-driver-double.ts');
    const register = pathToFileURL(join(root, 'test', 'support', 'electron-double-register.mjs')).href;
    // A config dir of the test's own: the app remembers the project it opened there, never in the real home.
    const config = join(out, 'config');
    const launch = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--import', register, driver, join(out, 'electron', 'main.js'), ...args], {
        cwd: root,
        timeout: 60_000,
        env: { ...process.env, XDG_CONFIG_HOME: config },
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!);
    };
    const report = await launch('-f', project);

    expect(report.channels).toEqual(['picket:ready', 'picket:request']);
    expect(report.url).toBe(pathToFileURL(join(out, 'renderer', 'index.html')).href);
    expect(report.webPreferences).toMatchObject({ preload: join(out, 'electron', 'preload.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    // The project named with -f is open: plan.get gets past "no project" (the draft has no hosts to plan).
    expect(report.planBeforeReady).toMatchObject({ ok: false });
    expect(report.planBeforeReady.error.name).not.toBe('NoProject');
    expect(report.ready).toEqual({ ok: true, result: {} });
    expect(report.eventsAfterReady).toContainEqual({ channel: 'picket:event', type: 'entity.created' });
    expect(report.eventsAfterReady.every((e: { channel: string }) => e.channel === 'picket:event')).toBe(true);
    expect(report.fromForeignPage).toMatchObject({ ok: false, error: { name: 'ForeignSender' } });
    expect(report.fromOtherContents).toMatchObject({ ok: false, error: { name: 'ForeignSender' } });
    expect(report.unknownName).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(report.navigateAwayPrevented).toBe(true);
    expect(report.navigateToAppPrevented).toBe(false);
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.permissionGranted).toBe(false);
    expect(report.quitted).toBe(true);

    // Started again without -f, the window reopens the project the user had open.
    expect(JSON.parse(await readFile(join(config, 'picket', 'last-project.json'), 'utf8'))).toEqual({ dir: project });
    const again = await launch();
    expect(again.planBeforeReady.error.name).not.toBe('NoProject');
  }, 120_000);
});
