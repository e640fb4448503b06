import { describe, expect, it } from 'vitest';
import { FakeXterm } from '../../../test/support/xterm-doubles.ts';
import { ACK_AFTER_CHARS, TerminalDataWriter } from './terminal-data-writer.ts';

function harness() {
  const xterm = new FakeXterm();
  const acks: number[] = [];
  const gaps: [number, number][] = [];
  const writer = new TerminalDataWriter(xterm, (seq) => acks.push(seq), (expected, got) => gaps.push([expected, got]));
  return { xterm, acks, gaps, writer };
}

describe('TerminalDataWriter', () => {
  it('acks nothing before xterm has parsed a chunk', () => {
    const { xterm, acks, writer } = harness();
    writer.write(0, 'hello');
    writer.write(1, ' world');
    expect(xterm.written).toEqual(['hello', ' world']);
    expect(acks).toEqual([]);
    expect(writer.pendingWrites).toBe(2);
  });

  it('acks the last parsed chunk once xterm has caught up, not each small one', () => {
    const { xterm, acks, writer } = harness();
    for (let seq = 0; seq < 5; seq++) writer.write(seq, 'x'.repeat(100));
    xterm.parse(3);
    expect(acks).toEqual([]);
    xterm.parse();
    expect(acks).toEqual([4]);
  });

  it(`acks every ${ACK_AFTER_CHARS / 1024} Ki characters parsed while xterm is still behind, so the engine can resume early`, () => {
    const { xterm, acks, writer } = harness();
    const chunk = 'y'.repeat(ACK_AFTER_CHARS / 2);
    for (let seq = 0; seq < 8; seq++) writer.write(seq, chunk);
    xterm.parse(1);
    expect(acks).toEqual([]);
    xterm.parse(1);
    expect(acks).toEqual([1]);
    xterm.parse(4);
    expect(acks).toEqual([1, 3, 5]);
    expect(writer.lastAcked).toBe(5);
  });

  it('says so when a chunk is missing, and writes on', () => {
    const { xterm, gaps, writer } = harness();
    writer.write(0, 'a');
    writer.write(2, 'c');
    expect(gaps).toEqual([[1, 2]]);
    expect(xterm.written).toEqual(['a', 'c']);
  });
});
