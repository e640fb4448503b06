/**
 * A project's last install as its journals tell it, for a face to see after the project is opened anew (the server
 * restarted, the desktop app reopened): the latest apply run and any resets after it, each as the events that would
 * have shown it live — the run, its steps, each step's last journaled state and why, how it ended. An apply run that
 * never finished (a crash, a kill -9) shows as cancelled, its unfinished steps as stopped: starting again resumes it.
 * Pure: journals in, events out.
 */
import { join } from 'node:path';
import type { EngineEvent } from '../contract/events.ts';
import type { RunSummary as ContractRun } from '../contract/run-summary.ts';
import type { StepInfo, StepState } from '../contract/step-state.ts';
import type { JournalRecord, RunSummary as JournaledRun } from '../engine/journal.ts';

interface Shown {
  state: StepState;
  detail?: string;
}

/** The state a step's record leaves it in; undefined for a record that says nothing about where it stands. */
function shownBy(record: JournalRecord, finished: boolean): Shown | undefined {
  switch (record.type) {
    case 'step-verified':
      return { state: 'verified' };
    case 'step-in-sync':
      return record.detail ? { state: 'in-sync', detail: record.detail } : { state: 'in-sync' };
    case 'step-not-permitted':
      return { state: 'not-permitted', detail: record.reason };
    case 'step-skipped':
      return { state: 'skipped', detail: record.reason };
    case 'step-failed':
      return { state: 'failed', detail: record.error };
    case 'step-reverted':
      return { state: 'reverted' };
    case 'step-captured':
    case 'step-started':
    case 'step-applied':
      // A finished run records how each step it started ended; only an interrupted one leaves a step here.
      return finished ? undefined : { state: 'failed', detail: 'interrupted before it was verified: start again to resume the run' };
    default:
      return undefined;
  }
}

/** The run's steps: as its (last) run-started listed them, else as its records name them. */
function stepsOf(records: JournalRecord[]): StepInfo[] {
  const started = records.filter((r) => r.type === 'run-started').at(-1);
  if (started?.type === 'run-started' && started.steps) return started.steps;
  const steps = new Map<string, StepInfo>();
  for (const record of records) {
    if (!('step' in record) || !('host' in record) || steps.has(record.step)) continue;
    const title = record.type === 'step-started' ? record.title : record.step.split('/').slice(2).join('/');
    steps.set(record.step, { id: record.step, title, host: record.host, phase: record.step.split('/')[0] ?? '' });
  }
  return [...steps.values()];
}

function eventsOf(run: JournaledRun, command: 'apply' | 'reset'): EngineEvent[] {
  const ended = run.records.find((r) => r.type === 'run-finished');
  const finished = ended?.type === 'run-finished';
  const status: ContractRun['status'] = ended?.type === 'run-finished' ? ended.outcome : 'cancelled';
  const summary: ContractRun = { run: run.run, command, status, paused: false, resumed: false, journal: join(run.dir, 'journal.jsonl') };
  const steps = stepsOf(run.records);
  const events: EngineEvent[] = [
    { type: 'entity.created', entity: { kind: 'run', id: run.run, value: summary } },
    { type: 'run.started', run: run.run, steps },
  ];
  for (const step of steps) {
    let shown: Shown = finished ? { state: 'blocked', detail: 'the run did not reach it' } : { state: 'pending' };
    for (const record of run.records) if ('step' in record && record.step === step.id) shown = shownBy(record, finished) ?? shown;
    events.push({ type: 'step.state', run: run.run, step: step.id, host: step.host, state: shown.state, ...(shown.detail ? { detail: shown.detail } : {}) });
  }
  events.push({ type: 'run.finished', run: run.run, outcome: status });
  return events;
}

/** The events of the latest apply run in `runs` (in order, as listRuns reads them) and of the resets after it. */
export function lastInstallEvents(runs: JournaledRun[]): EngineEvent[] {
  const at = runs.findLastIndex((r) => r.command === 'apply');
  if (at < 0) return [];
  return [eventsOf(runs[at]!, 'apply'), ...runs.slice(at + 1).filter((r) => r.command === 'reset').map((r) => eventsOf(r, 'reset'))].flat();
}
