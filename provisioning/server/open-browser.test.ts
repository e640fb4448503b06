import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOnPath, openInBrowser, redirectPage } from './open-browser.ts';

const URL_WITH_TOKEN = `http://127.0.0.1:4100/?token=${'c'.repeat(64)}`;

async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const value = await read().catch(() => undefined);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

describe('--open', () => {
  it('does not fail without xdg-open: it says to open the URL by hand', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'picket-nopath-'));
    expect(findOnPath('xdg-open', empty)).toBeUndefined();
    const opening = await openInBrowser(URL_WITH_TOKEN, empty);
    expect(opening.message).toBe('--open: xdg-open not found; open the URL above in a browser');
  });

  it('hands xdg-open a private redirect file, never the token itself (command lines are public)', async () => {
    const bin = await mkdtemp(join(tmpdir(), 'picket-xdg-'));
    const argvFile = join(bin, 'argv');
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$*" > '${argvFile}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const opening = await openInBrowser(URL_WITH_TOKEN, bin);
    const argv = await until(() => readFile(argvFile, 'utf8'));
    expect(argv).toMatch(/^file:\/\/\/.*\/open\.html$/);
    expect(argv).not.toContain('c'.repeat(64));
    const file = fileURLToPath(argv);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(redirectPage(URL_WITH_TOKEN));
    await opening.cleanup();
    await expect(stat(file)).rejects.toThrow();
  });

  it('redirects with the URL quoted for HTML and no Referer', () => {
    expect(redirectPage('http://127.0.0.1:1/?token=a&x="y"')).toContain('content="0;url=http://127.0.0.1:1/?token=a&amp;x=&quot;y&quot;"');
    expect(redirectPage('x')).toContain('<meta name="referrer" content="no-referrer">');
  });
});
