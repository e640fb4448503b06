import { describe, expect, it } from 'vitest';
import { localShellEnv } from './local-shell-env.ts';

describe('localShellEnv', () => {
  it("drops what only the engine needs, keeps the user's own, and names the terminal", () => {
    const env = localShellEnv({ PATH: '/usr/bin', HOME: '/home/ops', ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '--import tsx', TERM: 'dumb', LANG: undefined });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/ops', TERM: 'xterm-256color', COLORTERM: 'truecolor' });
  });
});
