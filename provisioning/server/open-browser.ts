/**
 * `picket serve --open`: opens the UI in the desktop's browser with xdg-open, when there is one. The URL carries
 * the token, and every user of this machine can read every process's command line (/proc/PID/cmdline), so the
 * browser is not given the URL itself: it opens a private file (mode 0600 in a 0700 folder) that redirects there.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function redirectPage(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${attr}"><title>Picket</title><a href="${attr}">Open Picket</a>\n`;
}

export interface BrowserOpening {
  /** What to tell the user. */
  message: string;
  /** Removes the redirect file (call when the server stops). */
  cleanup: () => Promise<void>;
}

/** Never throws: without xdg-open (or a desktop) the user opens the printed URL. */
export async function openInBrowser(url: string, path = process.env.PATH): Promise<BrowserOpening> {
  const opener = findOnPath('xdg-open', path);
  if (!opener) return { message: '--open: xdg-open not found; open the URL above in a browser', cleanup: async () => undefined };
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(tmpdir(), 'picket-open-'));
    const file = join(dir, 'open.html');
    await writeFile(file, redirectPage(url), { mode: 0o600 });
    const child = spawn(opener, [pathToFileURL(file).href], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch (error) {
    return { message: `--open: could not start the browser (${error instanceof Error ? error.message : String(error)}); open the URL above`, cleanup: async () => undefined };
  }
  const made = dir;
  return { message: 'opening the UI in your browser…', cleanup: () => rm(made, { recursive: true, force: true }) };
}
