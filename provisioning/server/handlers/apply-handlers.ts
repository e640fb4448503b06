/**
 * apply.start, apply.cancel, apply.pause and apply.resume. apply.start does what `picket apply` does — preflight (an
 * unwaived failure refuses before any host changes), plan, then one journaled run (resuming an interrupted one) —
 * and answers once the run has begun; its progress streams as step.state / step.output events (a preview of each
 * step's output: its log and step terminal have all of it), and run.finished says how it ended. A pause lets the
 * steps in flight finish and starts none until resumed; both are journaled, and the run's entity says it is paused.
 */
import type { RunSummary } from '../../contract/run-summary.ts';
import { applyRun, type RunBegun } from '../../engine/apply-run.ts';
import type { ClusterSession } from '../../engine/cluster-session.ts';
import { RunControl } from '../../engine/run-control.ts';
import type { Step } from '../../engine/step.ts';
import { blockingFindings, type JudgedFinding, waivedChecks } from '../../preflight/waivers.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import { contractEventOf } from '../engine-event-to-contract.ts';
import type { EngineService } from '../engine-service.ts';
import { RequestFailure } from '../request-failure.ts';
import { StepOutputPreview } from '../step-output-preview.ts';
import { ensureDiscovered, judgedPreflight, planOf, requirePlannable, stepsOf } from './discovery-handlers.ts';

export interface RunRequest {
  session: ClusterSession;
  steps: Step[];
  judged: JudgedFinding[];
  control: RunControl;
  /** For the journal; the session's own when left out. */
  phases?: string[];
  hostNames?: string[];
  /** A step this run retries, from the run that left it unfinished. */
  retried?: { step: string; host: string; from: string };
}

/** Preflight as apply runs it: the judged findings, or a refusal before any host changes when a failure is not waived. */
export async function preflightGate(engine: EngineService, session: ClusterSession, captureSeconds: number): Promise<JudgedFinding[]> {
  const judged = await judgedPreflight(engine, session, captureSeconds);
  const blocking = blockingFindings(judged);
  if (blocking.length > 0) {
    throw new RequestFailure(
      'PreflightRefused',
      `apply refused: ${blocking.length} failed check(s); nothing was changed. Fix them, or waive them by id in ${session.project.file} (preflight.waive).`,
    );
  }
  return judged;
}

/** Starts the run and resolves once it has begun; `release` frees the engine when it ends, however it ends. */
export function runInBackground(engine: EngineService, request: RunRequest, release: () => void): Promise<RunBegun> {
  const { session, steps, judged, control } = request;
  const controller = new AbortController();
  const preview = new StepOutputPreview();
  let begun: RunBegun | undefined;
  let settle!: () => void;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const summary = (b: RunBegun, status: RunSummary['status']): RunSummary => ({
    run: b.run,
    command: 'apply',
    status,
    paused: status === 'running' && control.isPaused,
    resumed: b.resumed,
    journal: b.journalFile,
  });
  const scope = session.runScope();

  return new Promise<RunBegun>((resolve, reject) => {
    applyRun({
      ...scope,
      phases: request.phases ?? scope.phases,
      hostNames: request.hostNames ?? scope.hostNames,
      steps,
      waived: waivedChecks(judged),
      control,
      ...(request.retried ? { retried: request.retried } : {}),
      signal: controller.signal,
      onBegin: (b) => {
        begun = b;
        engine.beginRun(summary(b, 'running'), controller, finished, control);
        resolve(b);
      },
      onEvent: (event) => {
        const run = begun?.run ?? '';
        if (event.type === 'step-state') engine.noteStepState(run, event.step, event.state);
        const admitted = preview.admit(contractEventOf(event, run));
        if (admitted) engine.emit(admitted);
      },
    })
      .then(
        (result) => engine.updateRun(summary(result, result.outcome)),
        (error: unknown) => {
          if (!begun) return reject(error);
          // The journal has no run-finished: the next apply resumes this run.
          engine.log(`picket serve: run ${begun.run} stopped on an error: ${error instanceof Error ? error.message : String(error)}`);
          engine.emit({ type: 'run.finished', run: begun.run, outcome: 'failed' });
          engine.updateRun(summary(begun, 'failed'));
        },
      )
      .finally(() => {
        if (begun) engine.endRun(begun.run);
        release();
        settle();
      });
  });
}

function notInProgress(run: string): RequestFailure {
  return new RequestFailure('NoSuchRun', `run ${run} is not in progress`);
}

export function applyHandlers(engine: EngineService): Pick<RequestHandlers, 'apply.start' | 'apply.cancel' | 'apply.pause' | 'apply.resume'> {
  return {
    'apply.start': async ({ phase, skip = [], captureSeconds }) => {
      const release = engine.claim('apply');
      try {
        const session = engine.current();
        await ensureDiscovered(engine, session);
        requirePlannable(session);
        const judged = await preflightGate(engine, session, captureSeconds ?? 3);
        const steps = stepsOf(session, phase);
        const known = new Set(steps.map((s) => s.id));
        for (const s of skip) if (!known.has(s.step)) throw new RequestFailure('UnknownStep', `skip ${s.step}: no such step in this plan (plan.get lists them)`);
        const plan = await planOf(engine, session, steps);
        if (plan.errors > 0) throw new RequestFailure('PlanErrors', `${plan.errors} step(s) could not be checked, so nothing was changed: plan.get shows why`);
        if (plan.changes === 0) {
          release();
          return { status: 'nothing-to-change' as const };
        }
        const control = new RunControl(new Map(skip.map((s) => [s.step, s.reason])));
        const begun = await runInBackground(engine, { session, steps, judged, control }, release);
        return { status: 'started' as const, run: begun.run, resumed: begun.resumed, journal: begun.journalFile };
      } catch (error) {
        release();
        throw error;
      }
    },
    'apply.cancel': async ({ run }) => {
      if (!engine.cancelRun(run)) throw notInProgress(run);
      return { run };
    },
    'apply.pause': async ({ run }) => {
      if (engine.setPaused(run, true) === undefined) throw notInProgress(run);
      return { run, paused: true };
    },
    'apply.resume': async ({ run }) => {
      if (engine.setPaused(run, false) === undefined) throw notInProgress(run);
      return { run, paused: false };
    },
  };
}
