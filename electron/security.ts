/**
 * The rules every web contents of the app obeys: the page runs sandboxed and context-isolated without Node, it
 * cannot navigate away from the app's own page (nor redirect, nor navigate a frame), open windows, attach
 * webviews, or get any permission (camera, notifications, clipboard …). The page's own CSP (renderer/index.html:
 * scripts only from the app, no eval) does the rest. Installed once, globally, before any window exists.
 *
 * Pure pieces (the web preferences, the guards) are exported for the specs; installSecurityRules wires them.
 */
import type { App, Session, WebPreferences } from 'electron';

/** The web preferences of every window: each one set explicitly, so a changed Electron default cannot loosen them. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** What the navigation events (will-navigate, will-frame-navigate, will-redirect) hand their listeners. */
export interface NavigationAttempt {
  readonly url: string;
  preventDefault(): void;
}

export function navigationGuard(isAppUrl: (url: string) => boolean): (attempt: NavigationAttempt) => void {
  return (attempt) => {
    if (!isAppUrl(attempt.url)) attempt.preventDefault();
  };
}

/** What the rules use of one web contents. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (attempt: NavigationAttempt) => void): unknown;
  on(event: 'will-frame-navigate', listener: (attempt: NavigationAttempt) => void): unknown;
  on(event: 'will-redirect', listener: (attempt: NavigationAttempt) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

export function guardContents(contents: GuardedContents, isAppUrl: (url: string) => boolean): void {
  const guard = navigationGuard(isAppUrl);
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** What the rules use of a session. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** Every permission request is refused, and every permission check says no (the UI needs none). */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function installSecurityRules(app: App, defaultSession: () => Session, isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, isAppUrl));
  void app.whenReady().then(() => denyPermissions(defaultSession()));
}
