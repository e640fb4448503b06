/**
 * One journaled apply run over planned steps: it resumes the last run if that one never finished (a crash, a
 * kill -9, a laptop losing power), else starts a new one; journals the waived checks; runs the steps; journals how
 * the run ended. `picket apply` and `picket serve` both apply through this, so a run started from either face
 * resumes from the other.
 */
import { join } from 'node:path';
import type { EngineListener } from './engine-events.ts';
import { Journal, listRuns, newRunId, stepHistories } from './journal.ts';
import { RunControl } from './run-control.ts';
import { runLogDir } from './step-log-file.ts';
import { applySteps, type ApplyResult, type HostAccess } from './step-runner.ts';
import type { Step } from './step.ts';

export interface WaivedCheck {
  check: string;
  /** '*' for a waiver of every host. */
  host: string;
  reason: string;
}

export interface ApplyRunOptions {
  runsDir: string;
  steps: Step[];
  hosts: Map<string, HostAccess>;
  /** For the journal: the phases and hosts the run covers. */
  phases: string[];
  hostNames: string[];
  waived: WaivedCheck[];
  /** Step id -> reason: skipped on purpose, journaled. */
  skip?: Map<string, string>;
  /** Pause, resume and skips while the run goes; pauses and resumes are journaled. */
  control?: RunControl;
  /** This run retries a step an earlier run left unfinished (journaled before any step runs). */
  retried?: { step: string; host: string; from: string };
  signal?: AbortSignal;
  concurrency?: number;
  onEvent?: EngineListener;
  /** Told which run this is (new or resumed) once its journal is open, before any step runs. */
  onBegin?: (begun: RunBegun) => void;
}

export interface RunBegun {
  run: string;
  resumed: boolean;
  journalFile: string;
  logDir: string;
}

export type ApplyRunResult = ApplyResult & RunBegun;

export async function applyRun(options: ApplyRunOptions): Promise<ApplyRunResult> {
  const runs = listRuns(options.runsDir);
  const last = runs.at(-1);
  const resumed = last !== undefined && !last.finished && last.command === 'apply';
  const run = resumed ? last.run : newRunId(options.runsDir);
  const journal = new Journal(join(options.runsDir, run), run);
  const begun: RunBegun = { run, resumed, journalFile: journal.file, logDir: runLogDir(journal.dir) };
  const control = options.control ?? new RunControl();
  for (const [step, reason] of options.skip ?? []) control.skip(step, reason);
  const stopJournalingPauses = control.onPauseChange((paused) => journal.append({ type: paused ? 'run-paused' : 'run-resumed' }));
  try {
    options.onBegin?.(begun);
    const steps = options.steps.map((s) => ({ id: s.id, title: s.title, host: s.host, phase: s.phase }));
    journal.append({ type: 'run-started', command: 'apply', phases: options.phases, hosts: options.hostNames, steps });
    for (const w of options.waived) journal.append({ type: 'check-waived', check: w.check, host: w.host, reason: w.reason });
    if (options.retried) journal.append({ type: 'step-retried', ...options.retried });
    options.onEvent?.({ type: 'run-started', run, steps });
    const result = await applySteps(options.steps, {
      hosts: options.hosts,
      journal,
      history: stepHistories(runs),
      logDir: begun.logDir,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      control,
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    journal.append({ type: 'run-finished', outcome: result.outcome });
    options.onEvent?.({ type: 'run-finished', run, outcome: result.outcome });
    return { ...result, ...begun };
  } finally {
    stopJournalingPauses();
    journal.close();
  }
}
