import { describe, expect, it } from 'vitest';
import { bitRate, decimal, gb, gib, listOf } from './quantity.ts';

describe('quantities as findings print them', () => {
  it('one decimal at most', () => {
    expect(decimal(8)).toBe('8');
    expect(decimal(7.64)).toBe('7.6');
    expect(decimal(116.4994)).toBe('116.5');
    expect(gib(25276502016)).toBe('23.5 GiB');
    expect(gb(83500568576)).toBe('83.5 GB');
  });

  it('bit rates with an SI prefix', () => {
    expect(bitRate(750_000)).toBe('6 Mbit/s');
    expect(bitRate(125)).toBe('1 kbit/s');
    expect(bitRate(10)).toBe('80 bit/s');
    expect(bitRate(1.25e9)).toBe('10 Gbit/s');
  });

  it('lists in prose', () => {
    expect(listOf(['a'])).toBe('a');
    expect(listOf(['a', 'b'])).toBe('a and b');
    expect(listOf(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
