/**
 * Screenshots of the wizard: every run writes them to test-results/e2e/ (ignored by git) to look at; with
 * PICKET_UPDATE_SCREENSHOTS=1 the curated ones (README's table) are also written to docs/screenshots/, so an
 * ordinary test run never changes the tree.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const ROOT = join(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'e2e');
export const DOCS_SCREENSHOT_DIR = join(ROOT, 'docs', 'screenshots');

export const updatingDocs = process.env.PICKET_UPDATE_SCREENSHOTS === '1';

export interface ShotOptions {
  /** Also the committed picture of this name in docs/screenshots/, when PICKET_UPDATE_SCREENSHOTS=1. */
  docs?: boolean;
  /** Only this part of the page (a card, the dialog). */
  of?: Locator;
  /** The whole scrollable page rather than the window. */
  fullPage?: boolean;
}

/** Waits for fonts and the caret to settle, so a picture shows the step and not a blink. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
  });
}

export async function shot(page: Page, name: string, options: ShotOptions = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await settled(page);
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  const take = (path: string) =>
    options.of ? options.of.screenshot({ path, animations: 'disabled', caret: 'hide' }) : page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage: options.fullPage ?? false });
  await take(file);
  if (options.docs && updatingDocs) {
    await mkdir(DOCS_SCREENSHOT_DIR, { recursive: true });
    await take(join(DOCS_SCREENSHOT_DIR, `${name}.png`));
  }
  return file;
}
