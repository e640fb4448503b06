/**
 * Test doubles for the engine's terminals: a session whose output, exit, pauses and input the test drives and
 * reads, a face that records what it is sent and can be disconnected, and an SSH shell channel.
 */
import { EventEmitter } from 'node:events';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { Face } from '../../provisioning/server/face.ts';
import type { TerminalExit, TerminalKind, TerminalSession } from '../../provisioning/terminal/terminal-session.ts';

export class FakeTerminalSession implements TerminalSession {
  readonly written: string[] = [];
  readonly resizes: [number, number][] = [];
  /** 'pause' and 'resume', in the order they were asked. */
  readonly flowCalls: ('pause' | 'resume')[] = [];
  paused = false;
  closed = false;
  private output: ((chunk: Buffer) => void) | undefined;
  private exitListener: ((exit: TerminalExit) => void) | undefined;

  constructor(
    readonly kind: TerminalKind = 'local-shell',
    readonly readOnly = false,
  ) {}

  onOutput(listener: (chunk: Buffer) => void): void {
    this.output = listener;
  }
  onExit(listener: (exit: TerminalExit) => void): void {
    this.exitListener = listener;
  }
  write(input: string): void {
    this.written.push(input);
  }
  resize(cols: number, rows: number): void {
    this.resizes.push([cols, rows]);
  }
  pause(): void {
    this.paused = true;
    this.flowCalls.push('pause');
  }
  resume(): void {
    this.paused = false;
    this.flowCalls.push('resume');
  }
  close(): void {
    this.closed = true;
  }

  /** The source produces output. */
  emit(chunk: string | Buffer): void {
    this.output?.(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  exit(exit: TerminalExit = { code: 0, signal: null }): void {
    this.exitListener?.(exit);
  }
}

export class RecordingFace implements Face {
  readonly events: EngineEvent[] = [];
  private readonly closeListeners: (() => void)[] = [];

  constructor(readonly onThisMachine = true) {}

  send(event: EngineEvent): void {
    this.events.push(event);
  }
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }
  disconnect(): void {
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  /** The terminal.data chunks sent, in order. */
  chunks(terminal?: string): { seq: number; data: string }[] {
    return this.events.flatMap((e) => (e.type === 'terminal.data' && (terminal === undefined || e.terminal === terminal) ? [{ seq: e.seq, data: e.data }] : []));
  }
}

/**
 * An ssh2 shell channel as HostShellSession uses it: the test pushes output and exit, and reads what was written,
 * the window sizes set and whether it is paused or closed.
 */
export class FakeShellChannel extends EventEmitter {
  readonly stderr = Object.assign(new EventEmitter(), { pause: () => undefined, resume: () => undefined });
  readonly written: string[] = [];
  readonly windows: [number, number, number, number][] = [];
  writable = true;
  paused = false;
  closed = false;

  write(data: string): boolean {
    this.written.push(data);
    return true;
  }
  setWindow(rows: number, cols: number, height: number, width: number): void {
    this.windows.push([rows, cols, height, width]);
  }
  pause(): this {
    this.paused = true;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  close(): void {
    this.closed = true;
    this.writable = false;
  }

  /** The host's shell prints. */
  print(text: string): void {
    this.emit('data', Buffer.from(text));
  }
  /** The host's shell exits with `code` (or a signal), and the channel closes after its output. */
  end(code: number | null, signal?: string): void {
    this.emit('exit', code, signal);
    this.writable = false;
    this.emit('close');
  }
}
