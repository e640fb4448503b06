/**
 * What the Install offers on one step, and why not when it does not: retry, skip (with a reason) and revert,
 * decided from the run's status and the step's state alone, as the engine decides (provisioning/server/handlers/
 * step-handlers.ts). A disabled action says why in `why`; an enabled one says what it will do.
 */
import type { RunStatus } from '../../../provisioning/contract/run-summary.ts';
import type { StepState } from '../../../provisioning/contract/step-state.ts';

export interface Availability {
  enabled: boolean;
  why: string;
}

export interface StepActions {
  retry: Availability;
  skip: Availability;
  revert: Availability;
}

const IN_FLIGHT: StepState[] = ['checking', 'applying', 'verifying', 'reverting'];
/** The step's setting is in place (changed and verified, or found so). */
const IN_PLACE: StepState[] = ['verified', 'in-sync'];

const on = (why: string): Availability => ({ enabled: true, why });
const off = (why: string): Availability => ({ enabled: false, why });

export function stepActions(runStatus: RunStatus, state: StepState): StepActions {
  if (runStatus === 'running') {
    const skip =
      state === 'pending'
        ? on('skipped when the run reaches it; the reason is journaled')
        : IN_FLIGHT.includes(state)
          ? off('it is running now: only a step not started yet can be skipped')
          : state === 'failed' || state === 'blocked'
            ? off('once the run has stopped, skip it to go on without it')
            : off(`it is ${state} already`);
    return {
      retry: off('the run is still going: retry once it has stopped (cancel it, or let it finish)'),
      skip,
      revert: off('the run is still going: revert once it has stopped'),
    };
  }
  const done = IN_PLACE.includes(state);
  return {
    retry: done
      ? off(`it is ${state}: nothing to retry`)
      : on(state === 'not-permitted' ? 'the next run checks again whether the host takes it now' : 'the next run picks up from here, checking every step again'),
    skip:
      state === 'failed' || state === 'blocked' || state === 'pending'
        ? on('the next run goes on without it; the reason is journaled')
        : off(done ? `it is ${state}: revert it to undo the change` : `it is ${state}: nothing to skip`),
    revert: done ? on('puts back the value recorded before Picket first changed it') : off(`it is ${state}: nothing applied to revert`),
  };
}
