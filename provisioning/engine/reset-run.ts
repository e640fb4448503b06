/**
 * One journaled reset run: puts the given steps back to the originals the journal recorded before Picket first
 * changed them (newest first per host), in a run of its own (`command: reset`). `picket reset` and the wizard's
 * per-step revert both go through this, so either face's resets are in the same journal, in the same shape.
 */
import { join } from 'node:path';
import type { EngineListener } from './engine-events.ts';
import { Journal, listRuns, newRunId, stepHistories } from './journal.ts';
import { revertSteps, type ApplyResult, type HostAccess } from './step-runner.ts';
import type { Step } from './step.ts';

/** Of `steps`, those Picket changed and recorded originals for (since their last revert): what a reset would revert. */
export function revertibleSteps(runsDir: string, steps: Step[]): Step[] {
  const history = stepHistories(listRuns(runsDir));
  return steps.filter((s) => s.revert !== undefined && history.get(s.id)?.originals !== undefined);
}

export interface ResetRunOptions {
  runsDir: string;
  /** Steps to revert; those with nothing recorded are reported in sync and left alone. */
  steps: Step[];
  hosts: Map<string, HostAccess>;
  /** For the journal: the phases and hosts the reset covers. */
  phases: string[];
  hostNames: string[];
  signal?: AbortSignal;
  onEvent?: EngineListener;
  /** Told the run's id once its journal is open, before anything is reverted. */
  onBegin?: (begun: { run: string; journalFile: string }) => void;
}

export type ResetRunResult = ApplyResult & { run: string; journalFile: string };

export async function resetRun(options: ResetRunOptions): Promise<ResetRunResult> {
  const history = stepHistories(listRuns(options.runsDir));
  const run = newRunId(options.runsDir);
  const journal = new Journal(join(options.runsDir, run), run);
  try {
    options.onBegin?.({ run, journalFile: journal.file });
    const steps = options.steps.map((s) => ({ id: s.id, title: s.title, host: s.host, phase: s.phase }));
    journal.append({ type: 'run-started', command: 'reset', phases: options.phases, hosts: options.hostNames, steps });
    options.onEvent?.({ type: 'run-started', run, steps });
    const result = await revertSteps(options.steps, {
      hosts: options.hosts,
      journal,
      history,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
    journal.append({ type: 'run-finished', outcome: result.outcome });
    options.onEvent?.({ type: 'run-finished', run, outcome: result.outcome });
    return { ...result, run, journalFile: journal.file };
  } finally {
    journal.close();
  }
}
