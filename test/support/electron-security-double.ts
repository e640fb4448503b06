/**
 * Doubles of the Electron objects the security rules act on: a web contents whose navigation events, webview
 * attaches and window.open the test fires (reading whether the rules prevented them), and a session that keeps
 * the permission handlers the rules install.
 */
import type { GuardedContents, GuardedSession, NavigationAttempt } from '../../electron/security.ts';

type NavigationEvent = 'will-navigate' | 'will-frame-navigate' | 'will-redirect';

export class WebContentsDouble implements GuardedContents {
  private readonly listeners = new Map<string, ((event: never) => void)[]>();
  private windowOpenHandler: (() => { action: 'deny' }) | undefined;

  on(event: NavigationEvent | 'will-attach-webview', listener: (event: never) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  setWindowOpenHandler(handler: () => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  /** Fires a navigation event as Electron would; true when a listener prevented it. */
  navigate(event: NavigationEvent, url: string): boolean {
    let prevented = false;
    const attempt: NavigationAttempt = { url, preventDefault: () => (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) (listener as (a: NavigationAttempt) => void)(attempt);
    return prevented;
  }

  /** A page asks for a webview; true when a listener prevented it. */
  attachWebview(): boolean {
    let prevented = false;
    for (const listener of this.listeners.get('will-attach-webview') ?? []) (listener as (e: { preventDefault(): void }) => void)({ preventDefault: () => (prevented = true) });
    return prevented;
  }

  /** What window.open gets: Electron allows it when no handler is set. */
  openWindow(): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler ? this.windowOpenHandler() : { action: 'allow' };
  }
}

export class SessionDouble implements GuardedSession {
  private requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  private checkHandler: (() => boolean) | undefined;

  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: () => boolean): void {
    this.checkHandler = handler;
  }

  /** A page asks for a permission; Electron grants it when no handler is set. */
  request(permission: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler({}, permission, resolve));
  }

  /** A page checks a permission; Electron says yes when no handler is set. */
  check(): boolean {
    return this.checkHandler ? this.checkHandler() : true;
  }
}
