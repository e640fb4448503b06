/** A real shell in a real PTY (node-pty), as a face on this machine gets it. */
import { describe, expect, it } from 'vitest';
import type { TerminalExit } from './terminal-session.ts';
import { LocalShellSession } from './local-shell-session.ts';

function start(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const session = LocalShellSession.spawn({ cols: 80, rows: 24, shell: '/bin/sh', args, env });
  let output = '';
  let resolveExit!: (exit: TerminalExit) => void;
  const exited = new Promise<TerminalExit>((resolve) => (resolveExit = resolve));
  session.onExit(resolveExit);
  session.onOutput((chunk) => (output += chunk.toString('utf8')));
  return { session, exited, output: () => output };
}

describe('LocalShellSession', () => {
  it('runs a shell that answers input, in a PTY of the asked size, without the engine’s own variables', async () => {
    const shell = start([], { ...process.env, NODE_OPTIONS: '--inspect', ELECTRON_RUN_AS_NODE: '1' });
    shell.session.write('stty size; echo "opts=[$NODE_OPTIONS] run=[$ELECTRON_RUN_AS_NODE] term=$TERM"; exit 7\r');
    expect(await shell.exited).toEqual({ code: 7, signal: null });
    expect(shell.output()).toContain('24 80');
    expect(shell.output()).toContain('opts=[] run=[] term=xterm-256color');
  });

  it('blocks the program while paused: nothing is read, nothing lost', async () => {
    // The shell outlives its output a little: node-pty gives a PTY's reader only 200 ms after its process exits,
    // which a loaded test machine may not grant an unpaused reader either.
    const shell = start(['-c', 'head -c 2000000 /dev/zero | tr "\\000" x; echo; echo END; sleep 0.5']);
    shell.session.pause();
    await new Promise((r) => setTimeout(r, 200));
    expect(shell.output().length).toBeLessThan(64 * 1024);
    shell.session.resume();
    await shell.exited;
    expect(shell.output().split('x').length - 1).toBe(2_000_000);
    expect(shell.output()).toContain('END');
  });

  it('keeps the last output of a process that exits while paused (node-pty would drop it after 200 ms)', async () => {
    const shell = start(['-c', 'printf "%01000d" 0; echo END']);
    shell.session.pause();
    await new Promise((r) => setTimeout(r, 500));
    shell.session.resume();
    await shell.exited;
    expect(shell.output()).toBe(`${'0'.repeat(1000)}END\r\n`);
  });

  it('hangs up on close', async () => {
    const shell = start([]);
    shell.session.close();
    expect((await shell.exited).signal).toBe('SIGHUP');
  });
});
