/**
 * A shell on a host: one PTY channel on the host's existing SSH connection (the connection is shared with
 * inventory, steps and other terminals; closing this session closes only its channel). Pausing the channel stops
 * ssh2 from widening the SSH window, so the host's shell blocks on its own terminal rather than the engine
 * buffering what it prints.
 */
import type { ClientChannel } from 'ssh2';
import type { TerminalExit, TerminalSession } from './terminal-session.ts';

export class HostShellSession implements TerminalSession {
  readonly kind = 'host-shell';
  readonly readOnly = false;
  private exit: TerminalExit = { code: null, signal: null };

  constructor(private readonly channel: ClientChannel) {
    channel.on('exit', (code: number | null, signal?: string) => {
      this.exit = { code: typeof code === 'number' ? code : null, signal: signal ?? null };
    });
    // A failing channel also closes, and the close says it ended; an unheard 'error' would end the engine.
    channel.on('error', () => undefined);
  }

  onOutput(listener: (chunk: Buffer) => void): void {
    this.channel.on('data', listener);
    // A PTY merges stderr into its output; a server may still send some on the side.
    this.channel.stderr.on('data', listener);
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    // ssh2 emits close only once all output is read: nothing is lost after it, even when paused.
    this.channel.once('close', () => listener(this.exit));
  }

  write(input: string): void {
    if (this.channel.writable) this.channel.write(input);
  }

  resize(cols: number, rows: number): void {
    this.channel.setWindow(rows, cols, 0, 0);
  }

  pause(): void {
    this.channel.pause();
    this.channel.stderr.pause();
  }

  resume(): void {
    this.channel.resume();
    this.channel.stderr.resume();
  }

  close(): void {
    this.channel.close();
    // A paused channel would keep what it buffered, and never report its close: let it drain (nobody listens now).
    this.resume();
  }
}
