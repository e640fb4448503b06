/**
 * What a retry or a skip asked of a run that has stopped becomes: the next apply run, over the same phases and
 * hosts, picking up where the stopped one left off. Like rerunning `picket apply`, every step is checked again (what
 * is done is found in sync, nothing half-done is trusted); steps the stopped run skipped stay skipped, for the
 * reason given then — except the one retried, which runs this time; a step skipped now is journaled as `--skip`
 * journals it. Pure: journal records and planned steps in, the run's scope out.
 */
import type { JournalRecord } from './journal.ts';
import type { Step } from './step.ts';

/** Where a run left a step, from its journal. */
export type JournaledOutcome =
  | 'verified'
  | 'in-sync'
  | 'not-permitted'
  | 'skipped'
  | 'failed'
  | 'reverted'
  /** Started, but the run stopped before it was verified (a crash, a cancel mid-step). */
  | 'interrupted'
  /** The run never reached it: blocked by a failure, cancelled before it, or still to come. */
  | 'not-reached';

const OUTCOME_OF: Partial<Record<JournalRecord['type'], JournaledOutcome>> = {
  'step-verified': 'verified',
  'step-in-sync': 'in-sync',
  'step-not-permitted': 'not-permitted',
  'step-skipped': 'skipped',
  'step-failed': 'failed',
  'step-reverted': 'reverted',
  'step-captured': 'interrupted',
  'step-started': 'interrupted',
  'step-applied': 'interrupted',
};

export function journaledOutcome(records: JournalRecord[], step: string): JournaledOutcome {
  let outcome: JournaledOutcome = 'not-reached';
  for (const record of records) {
    if (!('step' in record) || record.step !== step) continue;
    outcome = OUTCOME_OF[record.type] ?? outcome;
  }
  return outcome;
}

export type FollowUpChange = { kind: 'retry'; step: string } | { kind: 'skip'; step: string; reason: string };

export interface FollowUpRun {
  /** For the journal's run-started, as the stopped run had them. */
  phases: string[];
  hostNames: string[];
  steps: Step[];
  /** Step id -> reason. */
  skip: Map<string, string>;
  /** Set for a retry: the step, and the run it is retried from. */
  retried?: { step: string; host: string; from: string };
}

/** The retry or skip cannot be done as asked; the message says why and what to do instead. */
export class FollowUpRefused extends Error {
  override readonly name = 'FollowUpRefused';
}

/** Outcomes after which there is nothing to retry or skip: the step's setting is in place. */
const IN_PLACE: JournaledOutcome[] = ['verified', 'in-sync'];

/**
 * The next run after `run` (its id and journal records), over `planned` (the steps the project plans now), with
 * `change` made. Refuses a step the run does not cover, and one already in place.
 */
export function followUpRun(run: { run: string; records: JournalRecord[] }, planned: Step[], change: FollowUpChange): FollowUpRun {
  const started = run.records.find((r) => r.type === 'run-started');
  if (started?.type !== 'run-started' || started.command !== 'apply') throw new FollowUpRefused(`run ${run.run} is not an apply run: nothing in it to retry or skip`);
  const phases = new Set(started.phases);
  const hostNames = new Set(started.hosts);
  const steps = planned.filter((s) => phases.has(s.phase) && hostNames.has(s.host));
  const target = steps.find((s) => s.id === change.step);
  if (!target) {
    throw new FollowUpRefused(`${change.step} is not a step of run ${run.run} as the project plans it now (the host's plan may have changed): plan again and start a new install`);
  }
  const outcome = journaledOutcome(run.records, change.step);
  if (IN_PLACE.includes(outcome)) {
    throw new FollowUpRefused(
      change.kind === 'retry'
        ? `${change.step} is ${outcome} in run ${run.run}: there is nothing to retry`
        : `${change.step} is ${outcome} in run ${run.run}: there is nothing to skip (revert it to undo the change)`,
    );
  }
  const skip = new Map<string, string>();
  for (const record of run.records) {
    if (record.type === 'step-skipped' && steps.some((s) => s.id === record.step)) skip.set(record.step, record.reason);
  }
  if (change.kind === 'skip') {
    skip.set(change.step, change.reason);
    return { phases: started.phases, hostNames: started.hosts, steps, skip };
  }
  skip.delete(change.step);
  return { phases: started.phases, hostNames: started.hosts, steps, skip, retried: { step: target.id, host: target.host, from: run.run } };
}
