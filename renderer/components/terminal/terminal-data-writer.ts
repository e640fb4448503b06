/**
 * The face's half of a terminal's back-pressure: each terminal.data chunk is written into xterm, and acked only
 * once xterm's write callback says it has been parsed. So the engine's marks (it pauses the source above 512 KiB
 * unacked, resumes below 128 KiB) bound what waits in xterm's own write queue too; a tab that cannot keep up
 * slows the shell down instead of eating memory. Acks go out per 64 KiB written, and whenever xterm has caught up,
 * so the engine never waits on a half-full batch.
 */

/** What the writer needs of xterm. */
export interface XtermSink {
  write(data: string, callback: () => void): void;
}

export const ACK_AFTER_CHARS = 64 * 1024;

export class TerminalDataWriter {
  private expectedSeq = 0;
  private queued = 0;
  private writtenSeq = -1;
  private ackedSeq = -1;
  private writtenSinceAck = 0;

  constructor(
    private readonly xterm: XtermSink,
    private readonly ack: (seq: number) => void,
    /** Told of a chunk out of order (a bug somewhere between the engine and here): it is written anyway. */
    private readonly onGap: (expected: number, got: number) => void = () => undefined,
  ) {}

  /** Chunks given to xterm and not yet parsed by it. */
  get pendingWrites(): number {
    return this.queued;
  }

  get lastAcked(): number {
    return this.ackedSeq;
  }

  write(seq: number, data: string): void {
    if (seq !== this.expectedSeq) this.onGap(this.expectedSeq, seq);
    this.expectedSeq = seq + 1;
    this.queued++;
    this.xterm.write(data, () => {
      this.queued--;
      this.writtenSeq = Math.max(this.writtenSeq, seq);
      this.writtenSinceAck += data.length;
      if (this.writtenSinceAck >= ACK_AFTER_CHARS || this.queued === 0) this.sendAck();
    });
  }

  private sendAck(): void {
    if (this.writtenSeq <= this.ackedSeq) return;
    this.ackedSeq = this.writtenSeq;
    this.writtenSinceAck = 0;
    this.ack(this.ackedSeq);
  }
}
