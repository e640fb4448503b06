/**
 * A shell on the machine running the engine (the installer's laptop), in a node-pty PTY: for the odd command a
 * field engineer needs next to the install (ssh by hand, ping, a look at the bundle). Pausing the PTY stops reading
 * it, so a `cat` of a huge file blocks in the kernel's PTY buffer instead of in the engine's memory.
 */
import { constants, homedir, userInfo } from 'node:os';
import { spawn, type IPty } from 'node-pty';
import { localShellEnv } from './local-shell-env.ts';
import type { TerminalExit, TerminalSession } from './terminal-session.ts';

export interface LocalShellOptions {
  cols: number;
  rows: number;
  /** The shell to run; the user's login shell by default. */
  shell?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

function signalName(signal: number | undefined): string | null {
  if (!signal) return null;
  return Object.entries(constants.signals).find(([, number]) => number === signal)?.[0] ?? String(signal);
}

function userShell(): string {
  try {
    return process.env.SHELL || userInfo().shell || '/bin/sh';
  } catch {
    return '/bin/sh';
  }
}

/** How often a paused PTY checks whether its process is gone (see pause()). */
const EXIT_WATCH_MS = 25;

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class LocalShellSession implements TerminalSession {
  readonly kind = 'local-shell';
  readonly readOnly = false;
  private exited = false;
  private exitWatch: ReturnType<typeof setInterval> | undefined;

  private constructor(private readonly pty: IPty) {}

  static spawn(options: LocalShellOptions): LocalShellSession {
    const pty = spawn(options.shell ?? userShell(), options.args ?? [], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd ?? homedir(),
      env: localShellEnv(options.env ?? process.env),
      // Bytes, not strings: the flow control counts and cuts bytes.
      encoding: null,
    });
    return new LocalShellSession(pty);
  }

  get pid(): number {
    return this.pty.pid;
  }

  onOutput(listener: (chunk: Buffer) => void): void {
    // With encoding null node-pty hands over Buffers (its typings say string).
    this.pty.onData((data: string | Buffer) => listener(typeof data === 'string' ? Buffer.from(data) : data));
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    this.pty.onExit(({ exitCode, signal }) => {
      this.exited = true;
      if (this.exitWatch) clearInterval(this.exitWatch);
      listener({ code: signal ? null : exitCode, signal: signalName(signal) });
    });
  }

  write(input: string): void {
    if (!this.exited) this.pty.write(input);
  }

  resize(cols: number, rows: number): void {
    if (!this.exited) this.pty.resize(cols, rows);
  }

  /**
   * node-pty destroys a PTY's reader 200 ms after its process exits, and the output still in the kernel's buffer
   * goes with it. So a paused PTY watches its process, and reads again as soon as it is gone: what is left is at
   * most one kernel buffer, and nothing more can come.
   */
  pause(): void {
    this.pty.pause();
    this.exitWatch ??= setInterval(() => {
      if (isGone(this.pty.pid)) this.resume();
    }, EXIT_WATCH_MS).unref();
  }

  resume(): void {
    if (this.exitWatch) clearInterval(this.exitWatch);
    this.exitWatch = undefined;
    this.pty.resume();
  }

  close(): void {
    if (this.exited) return;
    // SIGHUP, as a terminal closing sends it: shells exit and take their jobs with them. A paused PTY is read
    // again, so that its process is not left blocked on a full terminal.
    this.pty.kill('SIGHUP');
    this.resume();
  }
}
