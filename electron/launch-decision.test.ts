import { describe, expect, it } from 'vitest';
import { electronBinary, whyElectronCannotStart, whyNoDesktopWindow, type LaunchFacts } from './launch-decision.ts';

const able: LaunchFacts = { platform: 'linux', env: { DISPLAY: ':0' }, electron: { path: '/opt/electron/electron' }, runningAsRoot: false };

describe('whyNoDesktopWindow', () => {
  it('opens the window with a binary and an X11 or Wayland display, as a user', () => {
    expect(whyNoDesktopWindow(able)).toBeUndefined();
    expect(whyNoDesktopWindow({ ...able, env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBeUndefined();
    expect(whyNoDesktopWindow({ ...able, platform: 'darwin', env: {} })).toBeUndefined();
  });

  it('says why not: no binary, no display, or root', () => {
    expect(whyNoDesktopWindow({ ...able, electron: { missing: "Electron's binary is not installed here" } })).toBe("Electron's binary is not installed here");
    expect(whyNoDesktopWindow({ ...able, env: { DISPLAY: '' } })).toBe('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    expect(whyNoDesktopWindow({ ...able, runningAsRoot: true })).toMatch(/^it runs as root/);
  });

  it('names the missing binary before the missing display', () => {
    expect(whyNoDesktopWindow({ ...able, env: {}, electron: { missing: 'no binary' }, runningAsRoot: true })).toBe('no binary');
  });
});

describe('whyElectronCannotStart', () => {
  it('does not mind root (a test may run Electron without its sandbox), only binary and display', () => {
    expect(whyElectronCannotStart({ ...able, runningAsRoot: true })).toBeUndefined();
    expect(whyElectronCannotStart({ ...able, env: {} })).toMatch(/no display/);
  });
});

describe('electronBinary', () => {
  it('is the path the electron package names, when the file is there', () => {
    expect(electronBinary(() => '/x/electron', (p) => p === '/x/electron')).toEqual({ path: '/x/electron' });
    expect(electronBinary(() => '/x/electron', () => false)).toEqual({ missing: "Electron's binary is missing (/x/electron)" });
  });

  it('is missing when the package throws (installed without its binary)', () => {
    const throwing = () => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
    };
    expect(electronBinary(throwing, () => true)).toEqual({ missing: expect.stringMatching(/^Electron's binary is not installed \(npm skipped its download/) });
  });
});
