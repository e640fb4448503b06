/**
 * step.retry, step.skip and step.revert: what the wizard's Install offers on one step, done as the CLI does it.
 *
 * - A step of a stopped run (failed or cancelled) is retried, or skipped with a reason, by the next apply run, which
 *   picks up where the stopped one left off (engine/follow-up-run.ts): preflight first, as apply.start, then the
 *   same phases and hosts, every step checked again, earlier skips kept.
 * - A step of the run in progress that has not started yet is skipped when the run reaches it, journaled as
 *   `--skip` is; one that is running or done is left to the run.
 * - step.revert puts one applied step back to its recorded original in a reset run of its own, as
 *   `picket reset --step` does, and answers once it is done.
 */
import type { StepState } from '../../contract/step-state.ts';
import { followUpRun, FollowUpRefused, type FollowUpChange } from '../../engine/follow-up-run.ts';
import { listRuns } from '../../engine/journal.ts';
import { resetRun, revertibleSteps } from '../../engine/reset-run.ts';
import { RunControl } from '../../engine/run-control.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import { contractEventOf } from '../engine-event-to-contract.ts';
import type { EngineService } from '../engine-service.ts';
import { RequestFailure } from '../request-failure.ts';
import { StepOutputPreview } from '../step-output-preview.ts';
import { preflightGate, runInBackground } from './apply-handlers.ts';
import { ensureDiscovered, requirePlannable, stepsOf } from './discovery-handlers.ts';

interface StepOutcome {
  run: string;
  step: string;
  state: StepState;
}

/** Retries or skips a step of a stopped run by starting the run that follows it; answers once that run has begun. */
async function followUp(engine: EngineService, run: string, change: FollowUpChange): Promise<StepOutcome> {
  const verb = change.kind === 'retry' ? 'retry' : 'skip';
  if (engine.runInProgress === run) {
    throw new RequestFailure('RunInProgress', `run ${run} is still in progress: ${verb} ${change.step} once it has stopped (cancel it, or let it finish)`);
  }
  const release = engine.claim(change.kind === 'retry' ? 'retrying a step' : 'skipping a step');
  try {
    const session = engine.current();
    const runs = listRuns(session.runsDir);
    const at = runs.findLastIndex((r) => r.command === 'apply');
    const latest = runs[at];
    if (!latest) throw new RequestFailure('NoSuchRun', `there is no apply run in ${session.runsDir}: start one first (apply.start)`);
    if (latest.run !== run) throw new RequestFailure('NotLatestRun', `run ${run} is not the project's latest install run (${latest.run}): ${verb} its steps there`);
    await ensureDiscovered(engine, session);
    requirePlannable(session);
    // Steps reverted since (reset runs after it) are where the project left them: a reverted step may be retried.
    const records = [...latest.records, ...runs.slice(at + 1).flatMap((r) => r.records)];
    let next;
    try {
      next = followUpRun({ run: latest.run, records }, stepsOf(session, undefined), change);
    } catch (error) {
      if (error instanceof FollowUpRefused) throw new RequestFailure('StepActionRefused', error.message);
      throw error;
    }
    const judged = await preflightGate(engine, session, 3);
    const begun = await runInBackground(
      engine,
      { session, steps: next.steps, judged, control: new RunControl(next.skip), phases: next.phases, hostNames: next.hostNames, ...(next.retried ? { retried: next.retried } : {}) },
      release,
    );
    return { run: begun.run, step: change.step, state: 'pending' };
  } catch (error) {
    release();
    throw error;
  }
}

/** Skips a step the run in progress has not started yet. */
function skipInRun(engine: EngineService, run: string, step: string, reason: string): StepOutcome {
  const active = engine.activeRun;
  if (!active || active.run !== run) throw new RequestFailure('NoSuchRun', `run ${run} is not in progress`);
  const state = active.stateOf(step);
  if (!active.control || state === undefined) throw new RequestFailure('NoSuchStep', `${step} is not a step of run ${run}`);
  if (state !== 'pending') {
    const why = state === 'failed' || state === 'blocked' ? 'once the run has stopped, skip it to go on without it' : 'a step is skipped before it starts';
    throw new RequestFailure('StepActionRefused', `${step} is ${state} in run ${run}: ${why}`);
  }
  // The step has not started: the runner reads the skip when it reaches it (its skipped state follows as an event).
  active.control.skip(step, reason);
  return { run, step, state };
}

async function revertStep(engine: EngineService, step: string): Promise<StepOutcome> {
  const session = engine.current();
  await ensureDiscovered(engine, session);
  const target = stepsOf(session, undefined).find((s) => s.id === step);
  if (!target) throw new RequestFailure('NoSuchStep', `${step} is not a step of this project's plan (plan.get lists them)`);
  if (revertibleSteps(session.runsDir, [target]).length === 0) {
    throw new RequestFailure('NothingToRevert', `${step}: the journal records no original to put back — Picket has not changed it, or it was reverted since`);
  }
  const controller = new AbortController();
  const preview = new StepOutputPreview();
  let settle!: () => void;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  let run = '';
  let journal = '';
  try {
    const result = await resetRun({
      ...session.runScope(),
      phases: [target.phase],
      hostNames: [target.host],
      steps: [target],
      signal: controller.signal,
      onBegin: (begun) => {
        ({ run, journalFile: journal } = begun);
        engine.beginRun({ run, command: 'reset', status: 'running', paused: false, resumed: false, journal }, controller, finished);
      },
      onEvent: (event) => {
        const admitted = preview.admit(contractEventOf(event, run));
        if (admitted) engine.emit(admitted);
      },
    });
    engine.updateRun({ run, command: 'reset', status: result.outcome, paused: false, resumed: false, journal });
    return { run, step, state: result.states.get(step) ?? 'failed' };
  } finally {
    if (run) engine.endRun(run);
    settle();
  }
}

export function stepHandlers(engine: EngineService): Pick<RequestHandlers, 'step.retry' | 'step.skip' | 'step.revert'> {
  return {
    'step.retry': ({ run, step }) => followUp(engine, run, { kind: 'retry', step }),
    'step.skip': async ({ run, step, reason }) =>
      engine.runInProgress === run ? skipInRun(engine, run, step, reason) : followUp(engine, run, { kind: 'skip', step, reason }),
    'step.revert': ({ step }) => engine.exclusive('reverting a step', () => revertStep(engine, step)),
  };
}
