import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from './throttle-latest.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('throttleLatest', () => {
  it('runs the first call at once and the latest of a burst when the interval ends', () => {
    const sizes: [number, number][] = [];
    const resize = throttleLatest((cols: number, rows: number) => sizes.push([cols, rows]), 100);
    resize.call(80, 24);
    resize.call(90, 24);
    resize.call(100, 30);
    expect(sizes).toEqual([[80, 24]]);
    vi.advanceTimersByTime(100);
    expect(sizes).toEqual([[80, 24], [100, 30]]);
    vi.advanceTimersByTime(1000);
    expect(sizes).toHaveLength(2);
  });

  it('runs nothing after cancel', () => {
    const calls: number[] = [];
    const throttled = throttleLatest((n: number) => calls.push(n), 100);
    throttled.call(1);
    throttled.call(2);
    throttled.cancel();
    vi.advanceTimersByTime(200);
    expect(calls).toEqual([1]);
  });
});
