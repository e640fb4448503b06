/**
 * A double of Electron's main-process API (app, BrowserWindow, ipcMain, session), for running the BUILT
 * dist/electron/main.js in plain Node where Electron's binary is absent (electron-double-register.mjs makes
 * `import … from 'electron'` resolve here). It records what main.js asks for — the window's web preferences, the
 * URL it loads, the IPC handlers, the security handlers — and lets a driver invoke the handlers as a page would.
 * A window's load is played as Electron plays it: web-contents-created, then did-start-navigation, then
 * ready-to-show.
 */
import { EventEmitter } from 'node:events';

export class WebContentsDouble extends EventEmitter {
  private static nextId = 1;
  readonly id = WebContentsDouble.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: (() => unknown) | undefined;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args: structuredClone(args) });
  }
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: () => unknown): void {
    this.windowOpenHandler = handler;
  }
  /** Fires a navigation event; true when a listener prevented it. */
  navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

class AppDouble extends EventEmitter {
  readonly isPackaged = false;
  quitted = false;
  private readonly readyNow = Promise.resolve();

  whenReady(): Promise<void> {
    return this.readyNow;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  /** As Electron: before-quit may be prevented; otherwise the app quits. */
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.quitted = true;
      this.emit('quit');
    }
  }
}

export const app = new AppDouble();

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents = new WebContentsDouble();
  loadedUrl: string | undefined;

  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.emit('did-start-navigation', { url, isMainFrame: true, isSameDocument: false });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
}

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  /** What a page's ipcRenderer.invoke does: arguments and answer cloned; a throw rejects. */
  async invoke(event: unknown, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return structuredClone(await handler(event, ...structuredClone(args)));
  },
};

class SessionDouble {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: (() => boolean) | undefined;
  setPermissionRequestHandler(handler: SessionDouble['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: SessionDouble['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export const session = { defaultSession: new SessionDouble() };

export default { app, BrowserWindow, ipcMain, session };
