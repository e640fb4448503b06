/**
 * Debian's Chromium, driven by playwright-core, as the end-to-end suites use it: launched headless with no
 * background traffic of its own, one page per test with a size that shows a whole wizard step, and a recorder
 * of every WebSocket frame the page sends and receives (the secrets test reads them all).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type WebSocket } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`the end-to-end suites drive Debian's Chromium, and ${CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // A loaded 2-core machine starts Chromium slowly.
    timeout: 120_000,
  });
}

/** A laptop screen: wide enough for the NIC table and the timeline, as a field engineer's would be. */
export const VIEWPORT = { width: 1440, height: 900 };

export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // Generous: every action on this machine competes with hosts booting and other suites.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  return page;
}

export interface Frame {
  direction: 'sent' | 'received';
  url: string;
  text: string;
}

export interface FrameRecorder {
  frames: Frame[];
  sent(): string[];
  received(): string[];
}

function frameText(payload: string | Buffer): string {
  return typeof payload === 'string' ? payload : payload.toString('utf8');
}

/** Records every frame of every WebSocket the page opens from now on (reloads included). */
export function recordFrames(page: Page): FrameRecorder {
  const frames: Frame[] = [];
  const watch = (socket: WebSocket) => {
    socket.on('framesent', (f) => frames.push({ direction: 'sent', url: socket.url(), text: frameText(f.payload) }));
    socket.on('framereceived', (f) => frames.push({ direction: 'received', url: socket.url(), text: frameText(f.payload) }));
  };
  page.on('websocket', watch);
  return {
    frames,
    sent: () => frames.filter((f) => f.direction === 'sent').map((f) => f.text),
    received: () => frames.filter((f) => f.direction === 'received').map((f) => f.text),
  };
}

/** Errors the page printed or threw: a wizard that logs errors is not passing, whatever it shows. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  return errors;
}
