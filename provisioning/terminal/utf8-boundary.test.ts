import { describe, expect, it } from 'vitest';
import { boundaryAtOrBefore, completeLength } from './utf8-boundary.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('completeLength', () => {
  it('keeps whole text whole', () => {
    for (const text of ['', 'ascii', 'é', '€', '𝄞', 'a€b𝄞']) expect(completeLength(bytes(text))).toBe(bytes(text).length);
  });

  it('leaves out a character whose last bytes have not arrived', () => {
    const clef = bytes('𝄞'); // 4 bytes
    for (let cut = 1; cut < 4; cut++) expect(completeLength(Buffer.concat([bytes('ab'), clef.subarray(0, cut)]))).toBe(2);
    expect(completeLength(bytes('€').subarray(0, 2))).toBe(0);
  });

  it('does not wait for bytes that can never complete a character', () => {
    expect(completeLength(Buffer.from([0x61, 0xff]))).toBe(2);
    expect(completeLength(Buffer.from([0x80, 0x80]))).toBe(2);
  });
});

describe('boundaryAtOrBefore', () => {
  it('cuts at the limit between characters, and before a character the limit would split', () => {
    const text = bytes('ab€cd'); // a b [e2 82 ac] c d
    expect(boundaryAtOrBefore(text, 2)).toBe(2);
    expect(boundaryAtOrBefore(text, 3)).toBe(2);
    expect(boundaryAtOrBefore(text, 4)).toBe(2);
    expect(boundaryAtOrBefore(text, 5)).toBe(5);
    expect(boundaryAtOrBefore(text, 99)).toBe(7);
  });

  it('cuts binary garbage at the limit', () => {
    expect(boundaryAtOrBefore(Buffer.alloc(10, 0x80), 6)).toBe(6);
  });
});
