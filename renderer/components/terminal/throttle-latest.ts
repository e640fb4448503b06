/**
 * Calls `run` at most once per interval, always with the latest arguments: the first call at once, the last of
 * a burst when the interval ends. For what a drag produces dozens of times a second (container resizes).
 */

export interface ThrottledCall<Args extends unknown[]> {
  call(...args: Args): void;
  cancel(): void;
}

export function throttleLatest<Args extends unknown[]>(run: (...args: Args) => void, intervalMs: number): ThrottledCall<Args> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: Args | undefined;
  const endInterval = () => {
    timer = undefined;
    const args = latest;
    latest = undefined;
    if (args) call(...args);
  };
  const call = (...args: Args) => {
    if (timer !== undefined) {
      latest = args;
      return;
    }
    run(...args);
    timer = setTimeout(endInterval, intervalMs);
  };
  return {
    call,
    cancel: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      latest = undefined;
    },
  };
}
