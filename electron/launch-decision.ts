/**
 * Whether the desktop app can open its window on this machine, and if not, why — in words for one line of
 * `npm start` (which then serves the UI to the browser instead) and for the Electron smoke test's skip reason.
 * The decision is a pure function of facts gathered in one place.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { path: string } | { missing: string };

export interface LaunchFacts {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  electron: ElectronBinary;
  runningAsRoot: boolean;
}

/** Why Electron cannot open a window here (no binary, no display), or undefined when it can. */
export function whyElectronCannotStart(facts: LaunchFacts): string | undefined {
  if ('missing' in facts.electron) return facts.electron.missing;
  // X11 or Wayland on Linux; macOS and Windows always have a desktop.
  if (facts.platform === 'linux' && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return undefined;
}

/** Why `npm start` opens no desktop window here, or undefined when it does. */
export function whyNoDesktopWindow(facts: LaunchFacts): string | undefined {
  const cannot = whyElectronCannotStart(facts);
  if (cannot) return cannot;
  // Chromium refuses to run as root with its sandbox on, and the window is not started without it.
  if (facts.runningAsRoot && facts.platform === 'linux') return 'it runs as root, where Electron needs its sandbox turned off (run npm start as your own user)';
  return undefined;
}

/**
 * The Electron binary the `electron` package points at. Its index.js returns the binary's path, or throws when
 * the package was installed without one (ELECTRON_SKIP_BINARY_DOWNLOAD, or a failed download).
 */
export function electronBinary(load: (id: string) => unknown = createRequire(import.meta.url), exists: (path: string) => boolean = existsSync): ElectronBinary {
  let path: unknown;
  try {
    path = load('electron');
  } catch {
    return { missing: "Electron's binary is not installed (npm skipped its download: ELECTRON_SKIP_BINARY_DOWNLOAD was set, or there was no network)" };
  }
  if (typeof path !== 'string') return { missing: 'the electron package did not name a binary' };
  if (!exists(path)) return { missing: `Electron's binary is missing (${path})` };
  return { path };
}

export function launchFacts(): LaunchFacts {
  return { platform: process.platform, env: process.env, electron: electronBinary(), runningAsRoot: process.getuid?.() === 0 };
}
