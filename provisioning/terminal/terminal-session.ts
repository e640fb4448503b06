/**
 * A terminal as the engine runs it, whatever is behind it: a shell channel on a host, a shell on this machine, or
 * a step's log. Faces never see this; they see the numbered output the flow control makes of it. The session only
 * moves bytes and obeys pause/resume, so back-pressure reaches the real source (the PTY, the SSH channel's window,
 * the file read) instead of piling up in the engine.
 */

export interface TerminalExit {
  code: number | null;
  signal: string | null;
}

export type TerminalKind = 'host-shell' | 'local-shell' | 'step-log';

export interface TerminalSession {
  readonly kind: TerminalKind;
  /** Input is refused (a step's log). */
  readonly readOnly: boolean;
  /** Output as it comes, until exit; set once, before any output is read. */
  onOutput(listener: (chunk: Buffer) => void): void;
  /** Called once, after the last output. */
  onExit(listener: (exit: TerminalExit) => void): void;
  write(input: string): void;
  resize(cols: number, rows: number): void;
  /** Stop reading the source; output already read may still arrive. */
  pause(): void;
  resume(): void;
  /** Ends the session (the shell is hung up on). Whatever it reports after this is not listened to. */
  close(): void;
}
