import { describe, expect, it } from 'vitest';
import { splitInput } from './split-input.ts';

describe('splitInput', () => {
  it('keeps keystrokes whole and cuts a long paste into pieces that fit a request, in order', () => {
    expect(splitInput('ls -l\r')).toEqual(['ls -l\r']);
    expect(splitInput('')).toEqual([]);
    const paste = 'a'.repeat(70_000);
    const pieces = splitInput(paste);
    expect(pieces.map((p) => p.length)).toEqual([32_768, 32_768, 4_464]);
    expect(pieces.join('')).toBe(paste);
  });

  it('never splits a surrogate pair', () => {
    const pieces = splitInput('ab😀cd', 3);
    expect(pieces).toEqual(['ab', '😀c', 'd']);
  });
});
