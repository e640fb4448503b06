/**
 * A step's terminal: its log file on disk, replayed from the start and followed while the step's run may still
 * write to it. Read-only. The file is the buffer: a step printing faster than a face can show never grows the
 * engine's memory (pausing just stops reading), a face that opens the terminal late or reopens it after a reload
 * sees everything, and each face reads at its own pace.
 *
 * Why not simply write the step.output events into an xterm: those are broadcast to every face with no
 * acknowledgement, so they cannot be slowed down for one face, and a face that was not there missed them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { TerminalExit, TerminalSession } from './terminal-session.ts';

const READ_BYTES = 64 * 1024;
/** How long to wait at the end of the log before looking again, while it may still grow. */
const FOLLOW_INTERVAL_MS = 50;

export interface StepLogOptions {
  file: string;
  /** True while the step's run may still append to the log; read again before giving up at its end. */
  isWriting: () => boolean;
  followIntervalMs?: number;
}

export class StepLogSession implements TerminalSession {
  readonly kind = 'step-log';
  readonly readOnly = true;
  private output: ((chunk: Buffer) => void) | undefined;
  private exitListener: ((exit: TerminalExit) => void) | undefined;
  private paused = false;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: StepLogOptions) {}

  onOutput(listener: (chunk: Buffer) => void): void {
    if (this.output) return;
    this.output = listener;
    void this.follow();
  }

  onExit(listener: (exit: TerminalExit) => void): void {
    this.exitListener = listener;
  }

  write(): void {
    // read-only: the face is told so before this is reached
  }

  resize(): void {
    // a log has no size at its far end
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  close(): void {
    this.closed = true;
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves after `ms`, or earlier on resume or close. */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wakeUp(), ms);
      this.wake = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
    });
  }

  private async follow(): Promise<void> {
    let handle: FileHandle | undefined;
    let position = 0;
    // A new buffer only once the last one was handed on: following an idle log reads nothing, 20 times a second.
    let buffer: Buffer | undefined;
    try {
      while (!this.closed) {
        if (this.paused) {
          await this.sleep(undefined);
          continue;
        }
        // Asked before reading: a run that ends between this and the read has written everything the read sees.
        const writing = this.options.isWriting();
        handle ??= await openIfThere(this.options.file);
        if (handle) {
          buffer ??= Buffer.allocUnsafe(READ_BYTES);
          const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
          if (bytesRead > 0) {
            position += bytesRead;
            if (!this.closed) this.output?.(buffer.subarray(0, bytesRead));
            buffer = undefined;
            continue;
          }
        }
        if (!writing) break;
        await this.sleep(this.options.followIntervalMs ?? FOLLOW_INTERVAL_MS);
      }
    } catch (error) {
      if (!this.closed) this.output?.(Buffer.from(`\r\n[picket: cannot read this step's log: ${error instanceof Error ? error.message : String(error)}]\r\n`));
    } finally {
      await handle?.close().catch(() => undefined);
      if (!this.closed) this.exitListener?.({ code: null, signal: null });
    }
  }
}

/** The log, or undefined while the step has not started writing it. */
async function openIfThere(file: string): Promise<FileHandle | undefined> {
  try {
    return await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
