/**
 * What can be asked of an apply run while it runs, besides cancelling it: pause (the steps in flight finish, no step
 * starts until resumed) and skip a step that has not started yet (with a reason, journaled as `--skip` journals it).
 * The runner consults it before each step; a face's requests change it. It holds no domain logic.
 */
export class RunControl {
  private paused = false;
  private waiting: (() => void)[] = [];
  private readonly skips: Map<string, string>;
  private readonly listeners = new Set<(paused: boolean) => void>();

  /** `skips`: step id -> reason, skipped from the start (apply --skip). */
  constructor(skips: ReadonlyMap<string, string> = new Map()) {
    this.skips = new Map(skips);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** False when it was paused already. */
  pause(): boolean {
    if (this.paused) return false;
    this.paused = true;
    for (const listener of this.listeners) listener(true);
    return true;
  }

  /** False when it was not paused. */
  resume(): boolean {
    if (!this.paused) return false;
    this.paused = false;
    for (const wake of this.waiting.splice(0)) wake();
    for (const listener of this.listeners) listener(false);
    return true;
  }

  /** Skips `step` when the runner reaches it; a step already started is not stopped. */
  skip(step: string, reason: string): void {
    this.skips.set(step, reason);
  }

  skipReason(step: string): string | undefined {
    return this.skips.get(step);
  }

  /** Hears each pause and resume; returns the function that stops listening. */
  onPauseChange(listener: (paused: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves at once unless paused; then once resumed, or once `signal` aborts (a paused run can be cancelled). */
  whenRunning(signal: AbortSignal): Promise<void> {
    if (!this.paused || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.waiting = this.waiting.filter((w) => w !== done);
        resolve();
      };
      this.waiting.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
