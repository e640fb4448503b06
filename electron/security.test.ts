/**
 * The desktop window's security rules, as far as they can be checked without Electron's binary: the web
 * preferences every window gets, the guards on its web contents and session (against doubles), and the page's
 * own content security policy. The Electron smoke test (test/e2e/electron-window.e2e.test.ts) checks the result
 * in a real window where the binary exists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SessionDouble, WebContentsDouble } from '../test/support/electron-security-double.ts';
import { builtAppPage } from './app-page.ts';
import { denyPermissions, guardContents, secureWebPreferences } from './security.ts';

const app = builtAppPage('/opt/picket/dist/renderer/index.html');

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the page, without Node, webviews or insecure content, and loads the given preload', () => {
    expect(secureWebPreferences('/opt/picket/dist/electron/preload.cjs')).toEqual({
      preload: '/opt/picket/dist/electron/preload.cjs',
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
    });
  });
});

describe('guardContents', () => {
  const guarded = () => {
    const contents = new WebContentsDouble();
    guardContents(contents, app.isAppUrl);
    return contents;
  };

  it('stops every navigation, redirect and frame navigation away from the app’s page, and lets the app’s page load', () => {
    const contents = guarded();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const) {
      expect(contents.navigate(event, 'https://example.com/'), event).toBe(true);
      expect(contents.navigate(event, 'file:///etc/passwd'), event).toBe(true);
      expect(contents.navigate(event, `${app.url}#/hosts`), event).toBe(false);
    }
  });

  it('denies window.open and webviews', () => {
    const contents = guarded();
    expect(contents.openWindow()).toEqual({ action: 'deny' });
    expect(contents.attachWebview()).toBe(true);
  });
});

describe('denyPermissions', () => {
  it('refuses every permission request and check', async () => {
    const session = new SessionDouble();
    expect(await session.request('media')).toBe(true);
    denyPermissions(session);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) expect(await session.request(permission), permission).toBe(false);
    expect(session.check()).toBe(false);
  });
});

describe('the page’s content security policy', () => {
  const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8');
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

  it('runs only the app’s own scripts: no eval, no inline script, nothing remote', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*\s*;|https?:/);
  });
});
