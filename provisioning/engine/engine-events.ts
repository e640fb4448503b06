/** What the engine tells its faces (CLI, desktop, browser) while it works. A UI mirrors these; it owns no state. */

export type StepState =
  | 'pending'
  | 'checking'
  | 'in-sync'
  | 'applying'
  | 'verifying'
  | 'verified'
  | 'failed'
  | 'not-permitted'
  | 'skipped'
  | 'blocked'
  | 'reverting'
  | 'reverted';

export type EngineEvent =
  | { type: 'run-started'; run: string; steps: { id: string; title: string; host: string; phase: string }[] }
  | { type: 'step-state'; step: string; host: string; state: StepState; detail?: string }
  | { type: 'step-output'; step: string; host: string; text: string }
  | { type: 'run-finished'; run: string; outcome: 'succeeded' | 'failed' | 'cancelled' };

export type EngineListener = (event: EngineEvent) => void;

/** States after which a step no longer holds up the steps that need it. */
export function isSettled(state: StepState): boolean {
  return ['in-sync', 'verified', 'not-permitted', 'skipped', 'failed', 'blocked', 'reverted'].includes(state);
}

/** States that let the steps needing this one go ahead. */
export function isSatisfied(state: StepState): boolean {
  return state === 'in-sync' || state === 'verified' || state === 'not-permitted' || state === 'skipped';
}
