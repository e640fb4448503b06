/**
 * At most one resize per interval reaches a terminal. A face dragging a window edge reports dozens of sizes a
 * second; each resize of a PTY makes the shell and full-screen programs redraw, so the first size goes through at
 * once, and the last one of a burst follows when the interval ends (the ones between are dropped).
 */

export const RESIZE_INTERVAL_MS = 100;

export class ResizeCoalescer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private latest: { cols: number; rows: number } | undefined;
  private applied: { cols: number; rows: number } | undefined;

  private readonly intervalMs: number;

  /** `initial`: the size the terminal was opened with (asking for it again changes nothing). */
  constructor(
    private readonly apply: (cols: number, rows: number) => void,
    options: { intervalMs?: number; initial?: { cols: number; rows: number } } = {},
  ) {
    this.intervalMs = options.intervalMs ?? RESIZE_INTERVAL_MS;
    this.applied = options.initial;
  }

  request(cols: number, rows: number): void {
    if (this.timer) {
      this.latest = { cols, rows };
      return;
    }
    if (this.applied?.cols === cols && this.applied.rows === rows) return;
    this.applied = { cols, rows };
    this.apply(cols, rows);
    this.timer = setTimeout(() => this.endInterval(), this.intervalMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.latest = undefined;
  }

  private endInterval(): void {
    this.timer = undefined;
    const latest = this.latest;
    this.latest = undefined;
    if (latest) this.request(latest.cols, latest.rows);
  }
}
