import { describe, expect, it } from 'vitest';
import { stepActions } from './step-actions.ts';

const enabled = (a: ReturnType<typeof stepActions>) => [a.retry.enabled, a.skip.enabled, a.revert.enabled];

describe('stepActions', () => {
  it('while the run goes: only a step not started yet can be skipped, and nothing retried or reverted', () => {
    expect(enabled(stepActions('running', 'pending'))).toEqual([false, true, false]);
    expect(enabled(stepActions('running', 'applying'))).toEqual([false, false, false]);
    expect(stepActions('running', 'applying').skip.why).toMatch(/running now/);
    expect(stepActions('running', 'failed').skip.why).toMatch(/once the run has stopped/);
  });

  it('once stopped: a failed or blocked step is retried or skipped, an applied one reverted', () => {
    expect(enabled(stepActions('failed', 'failed'))).toEqual([true, true, false]);
    expect(enabled(stepActions('cancelled', 'blocked'))).toEqual([true, true, false]);
    expect(enabled(stepActions('succeeded', 'verified'))).toEqual([false, false, true]);
    expect(enabled(stepActions('succeeded', 'in-sync'))).toEqual([false, false, true]);
    expect(enabled(stepActions('succeeded', 'skipped'))).toEqual([true, false, false]);
    expect(enabled(stepActions('succeeded', 'reverted'))).toEqual([true, false, false]);
    expect(stepActions('succeeded', 'verified').skip.why).toMatch(/revert it/);
  });
});
