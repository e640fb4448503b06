/**
 * The desktop face: one window onto the UI, wired to the engine, which runs here in the main process. The page
 * reaches it only through the preload's `window.picket` and the IPC channels of desktop-ipc.ts, with the same
 * face session and dispatcher `picket serve` gives a browser tab. `picket-desktop -f cluster.yaml` opens that
 * project at start, as `picket serve -f` does.
 */
import { app, BrowserWindow, ipcMain, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineService } from '../provisioning/server/engine-service.ts';
import { faceDispatcher } from '../provisioning/server/face-dispatcher.ts';
import { openProjectAt, reopenLastProject } from '../provisioning/server/handlers/project-handlers.ts';
import { defaultLastProjectFile } from '../provisioning/server/last-project.ts';
import { toEngineError } from '../provisioning/server/request-failure.ts';
import { builtAppPage, devServerAppPage } from './app-page.ts';
import { eventSender, serveDesktopIpc } from './desktop-ipc.ts';
import { ipcHandle } from './ipc-handle.ts';
import { installSecurityRules, secureWebPreferences } from './security.ts';
import { WindowFace } from './window-face.ts';

// Bundled to dist/electron/main.js, beside preload.cjs; the UI is built to dist/renderer.
const here = import.meta.dirname;
const log = (line: string) => console.error(line);

const devServer = app.isPackaged ? undefined : process.env.PICKET_RENDERER_URL;
const page = devServer ? devServerAppPage(devServer) : builtAppPage(join(here, '..', 'renderer', 'index.html'));

installSecurityRules(app, () => session.defaultSession, page.isAppUrl);

// The same remembered project as picket serve: closing the window and starting again resumes where the user was.
const engine = new EngineService({ log, lastProjectFile: defaultLastProjectFile() });
let windowContents: WebContents | undefined;
const face = new WindowFace({ engine, dispatcherFor: faceDispatcher(engine, log), send: eventSender(() => windowContents), log });
serveDesktopIpc(ipcHandle(ipcMain, { isAppWindow: (sender) => windowContents !== undefined && sender === windowContents, isAppUrl: page.isAppUrl }, log), face);

let window: BrowserWindow | undefined;

function createWindow(): void {
  const created = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Picket',
    webPreferences: secureWebPreferences(join(here, 'preload.cjs')),
  });
  const contents = created.webContents;
  window = created;
  windowContents = contents;
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) face.pageLoading();
  });
  contents.on('render-process-gone', () => face.end());
  created.on('closed', () => {
    face.end();
    window = undefined;
    windowContents = undefined;
  });
  created.once('ready-to-show', () => created.show());
  void created.loadURL(page.url);
}

async function openProjectFromArgs(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(app.isPackaged ? 1 : 2), options: { file: { type: 'string', short: 'f' } }, strict: false, allowPositionals: true });
  if (typeof values.file !== 'string') {
    const said = await reopenLastProject(engine);
    if (said) log(`picket: ${said}`);
    return;
  }
  try {
    await openProjectAt(engine, values.file);
  } catch (error) {
    log(`picket: ${values.file} is not open: ${toEngineError(error).message}`);
  }
}

if (!app.requestSingleInstanceLock()) {
  // One engine per machine user: a second instance hands over to the first (its window comes forward).
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  void app.whenReady().then(async () => {
    await openProjectFromArgs();
    createWindow();
  });
}

// Quitting cancels a run in progress (journaled, so apply resumes it) and closes the hosts' connections first.
let engineStopped = false;
app.on('before-quit', (event) => {
  if (engineStopped) return;
  event.preventDefault();
  face.end();
  void engine.close().finally(() => {
    engineStopped = true;
    app.quit();
  });
});
app.on('window-all-closed', () => app.quit());
