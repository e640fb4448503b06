import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GATHER_MS, MAX_CHUNK_BYTES, PAUSE_ABOVE_BYTES, RESUME_BELOW_BYTES, STREAMING_MS, TerminalOutputFlow } from './terminal-output-flow.ts';

const KiB = 1024;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A flow sending into `sent`, pausing a pretend source; `settle()` lets every timer it set run. */
function harness() {
  const sent: { seq: number; data: string }[] = [];
  const source: ('pause' | 'resume')[] = [];
  const flow = new TerminalOutputFlow({ send: (seq, data) => sent.push({ seq, data }), pause: () => source.push('pause'), resume: () => source.push('resume') });
  const settle = () => vi.advanceTimersByTime(GATHER_MS);
  return { flow, sent, source, settle };
}

describe('chunks and sequence numbers', () => {
  it('sends nothing before start, then everything that arrived, numbered from 0', () => {
    const { flow, sent, settle } = harness();
    flow.push(Buffer.from('hello '));
    settle();
    expect(sent).toEqual([]);
    flow.start();
    flow.push(Buffer.from('world'));
    settle();
    expect(sent).toEqual([{ seq: 0, data: 'hello world' }]);
    vi.advanceTimersByTime(STREAMING_MS);
    flow.push(Buffer.from('!'));
    settle();
    expect(sent.map((c) => c.seq)).toEqual([0, 1]);
  });

  it('sends the first bytes after a quiet spell at the end of the turn, without waiting to gather more', () => {
    const { flow, sent } = harness();
    flow.start();
    vi.advanceTimersByTime(1);
    flow.push(Buffer.from('l'));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ seq: 0, data: 'l' }]);
  });

  it('gathers the small reads of a stream into one chunk, for a few milliseconds or until it is full', () => {
    const { flow, sent } = harness();
    flow.start();
    flow.push(Buffer.from('first'));
    vi.advanceTimersByTime(0);
    expect(sent).toHaveLength(1);
    for (let i = 0; i < 10; i++) flow.push(Buffer.alloc(4 * KiB, 0x61));
    vi.advanceTimersByTime(GATHER_MS - 1);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent.map((c) => c.data.length)).toEqual([5, 40 * KiB]);
    for (let i = 0; i < 16; i++) flow.push(Buffer.alloc(4 * KiB, 0x62));
    vi.advanceTimersByTime(0); // full: no need to wait
    expect(sent.map((c) => c.data.length)).toEqual([5, 40 * KiB, 64 * KiB]);
  });

  it('never sends a chunk over 64 KiB, and loses or reorders nothing', () => {
    const { flow, sent, settle } = harness();
    flow.start();
    const text = Array.from({ length: 30_000 }, (_, i) => `line ${i}\n`).join(''); // ~260 KiB
    flow.push(Buffer.from(text.slice(0, 100_000)));
    flow.push(Buffer.from(text.slice(100_000)));
    settle();
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const chunk of sent) expect(Buffer.byteLength(chunk.data)).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(sent.map((c) => c.seq)).toEqual(sent.map((_, i) => i));
    expect(sent.map((c) => c.data).join('')).toBe(text);
  });

  it('never splits a character: one that straddles the limit or a read waits for its last bytes', () => {
    const { flow, sent, settle } = harness();
    flow.start();
    const text = `${'x'.repeat(MAX_CHUNK_BYTES - 1)}€€`;
    const bytes = Buffer.from(text);
    flow.push(bytes.subarray(0, MAX_CHUNK_BYTES + 2)); // ends inside the second €
    settle();
    expect(sent.map((c) => c.data)).toEqual(['x'.repeat(MAX_CHUNK_BYTES - 1), '€']);
    flow.push(bytes.subarray(MAX_CHUNK_BYTES + 2));
    settle();
    expect(sent.map((c) => c.data).join('')).toBe(text);
    expect(sent.every((c) => !c.data.includes('\uFFFD'))).toBe(true);
  });

  it('sends the rest at the end, even an unfinished character, and nothing after', () => {
    const { flow, sent, settle } = harness();
    flow.start();
    flow.push(Buffer.from([0x61, 0xe2, 0x82]));
    flow.end();
    expect(sent.map((c) => c.data)).toEqual(['a\uFFFD']);
    flow.push(Buffer.from('late'));
    flow.end();
    settle();
    expect(sent).toHaveLength(1);
  });
});

describe('back-pressure', () => {
  it(`pauses the source once more than ${PAUSE_ABOVE_BYTES / KiB} KiB is unacked, and resumes below ${RESUME_BELOW_BYTES / KiB} KiB`, () => {
    const { flow, sent, source, settle } = harness();
    flow.start();
    for (let i = 0; i < 8; i++) flow.push(Buffer.alloc(64 * KiB, 0x61)); // exactly 512 KiB: not above
    settle();
    expect(source).toEqual([]);
    flow.push(Buffer.from('b'));
    expect(source).toEqual(['pause']);
    settle();
    expect(flow.outstandingBytes).toBe(512 * KiB + 1);
    flow.push(Buffer.alloc(10 * KiB)); // what the source had already read still arrives, and is sent
    settle();
    expect(source).toEqual(['pause']);

    // 522 KiB + 1 outstanding, in chunks 0–7 (64 KiB each), 8 (1 byte) and 9 (10 KiB); the face acks as it writes.
    flow.ack(3); // 266 KiB + 1 left
    expect(source).toEqual(['pause']);
    flow.ack(5); // 138 KiB + 1: still above the low mark
    expect(flow.isPaused).toBe(true);
    flow.ack(6); // 74 KiB + 1
    expect(source).toEqual(['pause', 'resume']);
    expect(flow.isPaused).toBe(false);
    expect(sent.at(-1)!.seq).toBe(9);
  });

  it('counts output waiting to be sent (before start) toward the limit', () => {
    const { flow, source } = harness();
    flow.push(Buffer.alloc(PAUSE_ABOVE_BYTES + 1));
    expect(source).toEqual(['pause']);
  });

  it('refuses an ack for a chunk never sent, so a face cannot release the brake early', () => {
    const { flow, source, settle } = harness();
    flow.start();
    flow.push(Buffer.alloc(PAUSE_ABOVE_BYTES + 1));
    settle();
    expect(flow.ack(1_000)).toBe(false);
    expect(flow.isPaused).toBe(true);
    expect(flow.ack(flow.chunksSent - 1)).toBe(true);
    expect(source).toEqual(['pause', 'resume']);
    expect(flow.ack(0)).toBe(true); // an old ack again changes nothing
    expect(flow.outstandingBytes).toBe(0);
  });
});
