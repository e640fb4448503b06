import { describe, expect, it } from 'vitest';
import { clockReading } from './clock-reading.ts';

describe('clockReading', () => {
  it('compares the remote clock with the midpoint of the round trip', () => {
    const sample = clockReading('lab-1', 1000, 0.2, '1003.100000000\n');
    expect(sample.host).toBe('lab-1');
    expect(sample.offsetSeconds).toBeCloseTo(3.0, 9);
    expect(sample.rttSeconds).toBeCloseTo(0.2, 9);
  });

  it('whole seconds (a date without %N): the middle of that second, the error bar widened by it', () => {
    const sample = clockReading('h', 1000, 0.2, '1000.N\n');
    expect(sample.offsetSeconds).toBeCloseTo(0.4, 9);
    expect(sample.rttSeconds).toBeCloseTo(1.2, 9);
  });

  it('refuses output that is not a clock', () => {
    expect(() => clockReading('h', 0, 0, 'date: invalid option\n')).toThrow('not a clock reading: "date: invalid option\\n"');
  });
});
