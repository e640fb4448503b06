/**
 * The engine's half of a terminal's back-pressure. Output becomes numbered chunks of at most 64 KiB; the face acks
 * the chunks it has written; the source is paused while more than 512 KiB is outstanding (read but not yet acked)
 * and resumed once less than 128 KiB is. So however fast a host prints, the engine holds about half a megabyte per
 * terminal, and a slow face slows the shell down instead of growing buffers. The gap between the two marks keeps
 * the source from being toggled on every ack.
 *
 * Chunks are gathered, too: a PTY is read 4 KiB at a time, and a message per read would cost the face more than
 * the text. After a quiet spell the first bytes go at once (an echoed keystroke must not wait); while output
 * streams, reads are gathered for a few milliseconds, or until a chunk is full.
 */
import { boundaryAtOrBefore, completeLength } from './utf8-boundary.ts';

export const MAX_CHUNK_BYTES = 64 * 1024;
export const PAUSE_ABOVE_BYTES = 512 * 1024;
export const RESUME_BELOW_BYTES = 128 * 1024;

/** How long reads are gathered while output streams. */
export const GATHER_MS = 4;
/** Output is streaming when the last chunk went out this recently. */
export const STREAMING_MS = 20;

export interface OutputFlowOptions {
  /** Sends one chunk to the face. */
  send: (seq: number, data: string) => void;
  pause: () => void;
  resume: () => void;
}

interface SentChunk {
  seq: number;
  bytes: number;
}

export class TerminalOutputFlow {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly sent: SentChunk[] = [];
  private sentUnacked = 0;
  private nextSeq = 0;
  private paused = false;
  private started = false;
  private ended = false;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private flushSoon: ReturnType<typeof setImmediate> | undefined;
  private flushLater: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: OutputFlowOptions) {}

  /** Bytes read from the source and not yet acked by the face, whether sent or still waiting to be. */
  get outstandingBytes(): number {
    return this.pendingBytes + this.sentUnacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The seq the next chunk will carry (so, how many chunks were sent). */
  get chunksSent(): number {
    return this.nextSeq;
  }

  /** Output from the source. Nothing is sent before start(). */
  push(chunk: Buffer): void {
    if (this.ended || chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (!this.paused && this.outstandingBytes > PAUSE_ABOVE_BYTES) {
      this.paused = true;
      this.options.pause();
    }
    this.requestFlush();
  }

  /** Starts sending: called once the face knows the terminal (its terminal.open was answered). */
  start(): void {
    this.started = true;
    this.requestFlush();
  }

  /**
   * The face has written every chunk up to `seq`. False for a seq never sent (the face is confused or hostile;
   * it must not be able to release the brake by acking the future).
   */
  ack(seq: number): boolean {
    if (seq >= this.nextSeq) return false;
    while (this.sent.length > 0 && this.sent[0]!.seq <= seq) this.sentUnacked -= this.sent.shift()!.bytes;
    if (this.paused && this.outstandingBytes < RESUME_BELOW_BYTES) {
      this.paused = false;
      this.options.resume();
    }
    return true;
  }

  /** The source ended: everything still waiting goes out now, an unfinished last character included. */
  end(): void {
    if (this.ended) return;
    this.cancelFlush();
    this.sendPending(true);
    this.ended = true;
  }

  /** The face closed the terminal: nothing more is sent, and what waits is dropped. */
  discard(): void {
    this.cancelFlush();
    this.ended = true;
    this.pending = [];
    this.pendingBytes = 0;
  }

  private requestFlush(): void {
    if (!this.started || this.ended || this.flushSoon) return;
    const streaming = Date.now() - this.lastSentAt < STREAMING_MS;
    if (streaming && this.pendingBytes < MAX_CHUNK_BYTES) {
      this.flushLater ??= setTimeout(() => this.flush(), GATHER_MS);
      return;
    }
    // Quiet until now, or a chunk is full: at the end of this turn of the event loop.
    this.cancelFlush();
    this.flushSoon = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.cancelFlush();
    if (!this.ended) this.sendPending(false);
  }

  private cancelFlush(): void {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    if (this.flushLater) clearTimeout(this.flushLater);
    this.flushSoon = undefined;
    this.flushLater = undefined;
  }

  private sendPending(final: boolean): void {
    if (this.pendingBytes === 0) return;
    const bytes = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    // A character whose last bytes are still on their way waits for them (unless nothing more will come).
    const ready = final ? bytes.length : completeLength(bytes);
    let offset = 0;
    while (offset < ready) {
      const rest = bytes.subarray(offset, ready);
      const cut = boundaryAtOrBefore(rest, MAX_CHUNK_BYTES);
      const piece = rest.subarray(0, cut);
      const seq = this.nextSeq++;
      this.sent.push({ seq, bytes: piece.length });
      this.sentUnacked += piece.length;
      offset += piece.length;
      this.options.send(seq, piece.toString('utf8'));
    }
    const tail = bytes.subarray(ready);
    this.pending = tail.length > 0 ? [tail] : [];
    this.pendingBytes = tail.length;
    if (offset > 0) this.lastSentAt = Date.now();
  }
}
