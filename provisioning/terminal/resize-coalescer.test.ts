import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RESIZE_INTERVAL_MS, ResizeCoalescer } from './resize-coalescer.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ResizeCoalescer', () => {
  it('applies the first size at once and the last of a burst at the end of the interval', () => {
    const applied: [number, number][] = [];
    const resize = new ResizeCoalescer((cols, rows) => applied.push([cols, rows]));
    resize.request(100, 30);
    for (let cols = 101; cols <= 140; cols++) resize.request(cols, 30);
    expect(applied).toEqual([[100, 30]]);
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS);
    expect(applied).toEqual([[100, 30], [140, 30]]);
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS * 5);
    expect(applied).toHaveLength(2);
  });

  it('applies at most one size per interval however long the drag', () => {
    const applied: [number, number][] = [];
    const resize = new ResizeCoalescer((cols, rows) => applied.push([cols, rows]));
    for (let ms = 0; ms < 1000; ms += 5) {
      resize.request(80 + ms / 5, 24);
      vi.advanceTimersByTime(5);
    }
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS);
    expect(applied.length).toBeLessThanOrEqual(1000 / RESIZE_INTERVAL_MS + 2);
    expect(applied.at(-1)).toEqual([279, 24]);
  });

  it('skips a size the terminal already has, the one it was opened with included', () => {
    const applied: [number, number][] = [];
    const resize = new ResizeCoalescer((cols, rows) => applied.push([cols, rows]), { initial: { cols: 80, rows: 24 } });
    resize.request(80, 24);
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS);
    resize.request(81, 24);
    resize.request(80, 24);
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS);
    expect(applied).toEqual([[81, 24], [80, 24]]);
  });

  it('applies nothing after dispose', () => {
    const applied: [number, number][] = [];
    const resize = new ResizeCoalescer((cols, rows) => applied.push([cols, rows]));
    resize.request(90, 30);
    resize.request(91, 30);
    resize.dispose();
    vi.advanceTimersByTime(RESIZE_INTERVAL_MS);
    expect(applied).toEqual([[90, 30]]);
  });
});
