/**
 * The desktop face: a window onto the UI, nothing more. The engine (provisioning/) does the work; this file
 * owns the window and its security settings.
 */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installSecurityRules } from './security.ts';

const rendererIndex = join(import.meta.dirname, '..', 'renderer', 'index.html');
const appUrlPrefix = pathToFileURL(join(import.meta.dirname, '..', 'renderer')).href;

installSecurityRules((url) => url.startsWith(appUrlPrefix));

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Picket',
    webPreferences: {
      preload: join(import.meta.dirname, 'preload.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(rendererIndex);
}

app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
