/**
 * Smoke test of the desktop window: the real Electron binary, launched by playwright-core on the built app
 * (dist/electron/main.js, preload.cjs, dist/renderer), as `npm start` launches it. The wizard renders connected to
 * the engine over IPC; the page sees `window.picket` with its four members and no Node (`require`, `process`);
 * a contract request round-trips; navigation away and window.open go nowhere.
 *
 * Where Electron cannot start (its binary is absent, as on machines that install with
 * ELECTRON_SKIP_BINARY_DOWNLOAD, or there is no display) each test reports itself SKIPPED with the reason, never
 * passed. What runs without the binary is covered by electron/*.test.ts (the wrapper, preload API, bundles).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { DESKTOP_API_KEYS } from '../../provisioning/contract/desktop-bridge.ts';
import { launchFacts, whyElectronCannotStart } from '../../electron/launch-decision.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const facts = launchFacts();
const cannotStart = whyElectronCannotStart(facts);
/** A loaded 2-core machine starts Electron slowly; every wait ends as soon as its condition holds. */
const START_MS = 120_000;

let app: ElectronApplication | undefined;
let page: Page;
let home: string;

function skipUnlessElectron(ctx: TestContext): void {
  if (cannotStart) ctx.skip(`Electron cannot start here: ${cannotStart}`);
}

beforeAll(async () => {
  if (cannotStart) return;
  // Built as `npm start` builds it.
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  for (const mode of ['main', 'preload']) await build({ configFile: join(ROOT, 'electron', 'vite.config.ts'), mode, logLevel: 'warn' });
  // A config folder of its own: the app's single-instance lock and user data never meet a real Picket's.
  home = await mkdtemp(join(tmpdir(), 'picket-electron-'));
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'ELECTRON_RUN_AS_NODE'));
  app = await _electron.launch({
    executablePath: 'path' in facts.electron ? facts.electron.path : undefined,
    args: [ROOT],
    cwd: ROOT,
    env: { ...env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
    timeout: START_MS,
  });
  page = await app.firstWindow({ timeout: START_MS });
  page.setDefaultTimeout(START_MS);
}, START_MS * 2);

afterAll(async () => {
  await app?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('the desktop window (Electron)', () => {
  it('shows the wizard, connected to the engine over IPC', async (ctx) => {
    skipUnlessElectron(ctx);
    const rail = page.getByRole('navigation', { name: 'Wizard steps' });
    await rail.waitFor();
    await expect.poll(() => rail.locator('.rail-connection').innerText(), { timeout: START_MS }).toMatch(/engine connected/);
    expect(page.url()).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html/);
  });

  it('gives the page window.picket with exactly its four members, and no Node', async (ctx) => {
    skipUnlessElectron(ctx);
    const seen = await page.evaluate(() => {
      const scope = globalThis as unknown as Record<string, unknown> & { picket: Record<string, unknown> };
      return {
        keys: Object.keys(scope.picket).sort(),
        face: scope.picket.face,
        require: typeof scope.require,
        process: typeof scope.process,
        module: typeof scope.module,
        ipcRenderer: typeof scope.ipcRenderer,
      };
    });
    expect(seen).toEqual({ keys: [...DESKTOP_API_KEYS], face: 'desktop', require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined' });
  });

  it('round-trips contract requests, and refuses a name outside the contract before sending it', async (ctx) => {
    skipUnlessElectron(ctx);
    const dir = join(home, 'kit');
    const answers = await page.evaluate(async (projectDir) => {
      const { picket } = globalThis as unknown as { picket: { request(name: string, payload: unknown): Promise<unknown> } };
      return {
        created: await picket.request('project.create', { dir: projectDir, name: 'kit', mode: 'standalone' }),
        opened: await picket.request('project.open', { path: projectDir }),
        unknown: await picket.request('app.quit', {}),
      };
    }, dir);
    expect(answers.created).toEqual({ ok: true, result: { dir, file: join(dir, 'cluster.yaml') } });
    expect(answers.opened).toMatchObject({ ok: true, result: { name: 'kit', mode: 'standalone' } });
    expect(answers.unknown).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    // The engine's events reached the page's stores: the rail names the open project.
    await expect.poll(() => page.locator('.rail-project').innerText(), { timeout: START_MS }).toContain(dir);
  });

  it('lets the page neither navigate away nor open windows', async (ctx) => {
    skipUnlessElectron(ctx);
    // A listener added after the app's guard hears each navigation attempt after the guard has ruled on it.
    await app!.evaluate(({ BrowserWindow }) => {
      const scope = globalThis as unknown as { picketNavigations: { url: string; prevented: boolean }[] };
      scope.picketNavigations = [];
      BrowserWindow.getAllWindows()[0]!.webContents.on('will-navigate', (event) => scope.picketNavigations.push({ url: event.url, prevented: event.defaultPrevented }));
    });
    const before = page.url();
    const popupRefused = await page.evaluate(() => {
      const popup = window.open('https://example.com/');
      window.location.href = 'https://example.com/';
      return popup === null;
    });
    expect(popupRefused).toBe(true);
    const navigations = () => app!.evaluate(() => (globalThis as unknown as { picketNavigations: { url: string; prevented: boolean }[] }).picketNavigations);
    await expect.poll(navigations, { timeout: START_MS }).toEqual([{ url: 'https://example.com/', prevented: true }]);
    expect(app!.windows()).toHaveLength(1);
    expect(page.url()).toBe(before);
  });
});
