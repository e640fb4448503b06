/**
 * Shells from the wizard, end to end: Chromium on `picket serve` with the lab's project open, a shell tab on a lab
 * host (an ssh2 PTY) and one on this machine (node-pty); `hostname` typed into each, and the answer read back from
 * the terminal's screen and compared with what the host itself says over OpenSSH.
 */
import { hostname } from 'node:os';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LabHost } from '../lab/lab.ts';
import { collectPageErrors, launchChromium, newPage } from '../support/e2e-browser.ts';
import { hostnameOf } from '../support/e2e-lab-facts.ts';
import { shot } from '../support/e2e-screenshots.ts';
import { buildUi, startServe, type ServedPicket } from '../support/e2e-serve.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { labProject } from '../support/lab-project.ts';

const WAIT_MS = 60_000;

let host: LabHost;
let project: string;
let served: ServedPicket;
let browser: Browser;
let page: Page;
let pageErrors: string[];

/** The lines on a terminal's screen now, as xterm draws them (one element per row). */
async function screenLines(panel: Locator): Promise<string[]> {
  return panel.locator('.xterm-rows > div').allInnerTexts();
}

const PROMPT = /[#$]$/;

/** The line the shell printed after the command line `… # command`, once the next prompt shows it is done. */
async function answerTo(panel: Locator, command: string): Promise<string | undefined> {
  const lines = (await screenLines(panel)).map((l) => l.replace(/\u00a0/g, ' ').trim());
  const at = lines.findIndex((l) => new RegExp(`[#$] ${command}$`).test(l));
  return at >= 0 && PROMPT.test(lines[at + 2] ?? '') ? lines[at + 1] : undefined;
}

/** Opens a shell tab from the dock, types `hostname` and returns what the shell answered. */
async function hostnameFromShellTab(option: RegExp, tabName: string): Promise<string | undefined> {
  const dock = page.getByRole('region', { name: 'Shells' });
  const choice = (await dock.getByLabel('Open a shell on').locator('option').allTextContents()).find((t) => option.test(t));
  expect(choice, `an option ${option} in ${await dock.getByLabel('Open a shell on').innerText()}`).toBeDefined();
  await dock.getByLabel('Open a shell on').selectOption({ label: choice! });
  await dock.getByRole('button', { name: 'Open shell' }).click();
  const panel = dock.getByRole('tabpanel', { name: `shell on ${tabName}` });
  // The prompt first: the shell is there and reading.
  await diagnosed(panel, expect.poll(async () => (await screenLines(panel)).some((l) => PROMPT.test(l.replace(/\u00a0/g, ' ').trim())), { timeout: WAIT_MS, interval: 100 }).toBe(true));
  await panel.locator('.xterm').click();
  await page.keyboard.type('hostname');
  await page.keyboard.press('Enter');
  await diagnosed(panel, expect.poll(() => answerTo(panel, 'hostname'), { timeout: WAIT_MS, interval: 100 }).toBeDefined());
  return answerTo(panel, 'hostname');
}

/** A wait on a terminal that, when it fails, says what the terminal showed and what the server printed. */
async function diagnosed(panel: Locator, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (error) {
    const screen = (await screenLines(panel).catch(() => [])).join('\n').trim();
    const problem = await panel.locator('.terminal-problem').allInnerTexts().catch(() => []);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nthe terminal showed:\n${screen || '(nothing)'}\n` +
        `its problem: ${problem.join(' ') || '(none)'}\npicket serve printed:\n${served.output().slice(-3000)}`,
    );
  }
}

beforeAll(async () => {
  host = (await labHosts())[1]!;
  project = await labProject();
  await buildUi();
  served = await startServe({ args: ['-f', join(project, 'cluster.yaml')] });
  browser = await launchChromium();
  page = await newPage(browser);
  pageErrors = collectPageErrors(page);
  await page.goto(served.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
});

beforeEach((context) => {
  context.onTestFailed(async () => {
    await shot(page, `failed-shell-${context.task.name.split(' ')[1]}`).catch(() => undefined);
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (project) await rm(dirname(project), { recursive: true, force: true });
});

describe('a shell tab', () => {
  it('on a lab host answers `hostname` with the host’s own name, over an SSH PTY', async () => {
    const answer = await hostnameFromShellTab(new RegExp(`^${host.name} \\(`), host.name);
    expect(answer).toBe(hostnameOf(host));
    await shot(page, 'host-shell');
  });

  it('on this machine answers `hostname` with this machine’s name, and a closed tab ends its shell', async () => {
    expect(await hostnameFromShellTab(/^this machine/, 'this machine')).toBe(hostname());
    const dock = page.getByRole('region', { name: 'Shells' });
    await dock.getByRole('button', { name: 'close the shell on this machine' }).click();
    await expect.poll(() => dock.getByRole('tab').allInnerTexts(), { timeout: WAIT_MS }).toEqual([host.name]);
    expect(pageErrors).toEqual([]);
  });
});
