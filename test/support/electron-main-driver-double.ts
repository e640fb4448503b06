/**
 * Runs the built main.js (argv[2]) against the Electron main-process double and plays a page: it waits for the
 * window, then calls the IPC handlers as the loaded page and as a foreign page would, tries to navigate away,
 * open a window and ask for a permission, quits the app, and prints what happened as one JSON line.
 * Arguments after main.js reach main.js as its command line (e.g. -f project).
 */
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session } from './electron-main-double.ts';

const [mainJs] = process.argv.slice(2);
if (!mainJs) throw new Error('usage: electron-main-driver-double.ts MAIN.JS [args…]');

const logged: string[] = [];
const consoleError = console.error;
console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));

await import(pathToFileURL(mainJs).href);
const started = Date.now();
while (!BrowserWindow.created[0]?.loadedUrl) {
  if (Date.now() - started > 10_000) throw new Error('main.js opened no window within 10 s');
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const window = BrowserWindow.created[0]!;
const url = window.loadedUrl!;
const contents = window.webContents;
const fromPage = { sender: contents, senderFrame: { url, parent: null } };

const report = {
  channels: [...ipcMain.handlers.keys()].sort(),
  webPreferences: window.options.webPreferences,
  url,
  planBeforeReady: await ipcMain.invoke(fromPage, 'picket:request', 'plan.get', {}),
  ready: await ipcMain.invoke(fromPage, 'picket:ready'),
  eventsAfterReady: contents.sent.map((message) => ({ channel: message.channel, type: (message.args[0] as { type: string }).type })),
  fromForeignPage: await ipcMain.invoke({ ...fromPage, senderFrame: { url: 'https://example.com/', parent: null } }, 'picket:request', 'plan.get', {}),
  fromOtherContents: await ipcMain.invoke({ ...fromPage, sender: {} }, 'picket:request', 'plan.get', {}),
  unknownName: await ipcMain.invoke(fromPage, 'picket:request', 'app.quit', {}),
  navigateAwayPrevented: contents.navigate('will-navigate', 'https://example.com/'),
  navigateToAppPrevented: contents.navigate('will-navigate', url),
  windowOpen: contents.windowOpenHandler?.(),
  permissionGranted: await new Promise<boolean>((resolve) => {
    const handler = session.defaultSession.permissionRequestHandler;
    if (!handler) resolve(true);
    else handler(contents, 'media', resolve);
  }),
  quitted: false,
  logged,
};

app.quit();
const quitting = Date.now();
while (!app.quitted) {
  if (Date.now() - quitting > 10_000) throw new Error('main.js did not let the app quit within 10 s');
  await new Promise((resolve) => setTimeout(resolve, 10));
}
report.quitted = true;
console.error = consoleError;
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
