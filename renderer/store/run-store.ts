/**
 * Runs as they happen (installs, and resets of single steps): each run (its entity: status, paused, journal), its
 * steps (run.started), each step's latest state and why (step.state), and the output preview of each step
 * (step.output, kept to a bound: the step's terminal has all of it).
 */
import { createStore } from 'zustand/vanilla';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { RunSummary } from '../../provisioning/contract/run-summary.ts';
import type { StepInfo, StepState } from '../../provisioning/contract/step-state.ts';

export interface StepStatus {
  state: StepState;
  detail?: string;
}

export interface RunState {
  runs: Record<string, RunSummary>;
  /** Run ids, oldest first. */
  order: string[];
  steps: Record<string, StepInfo[]>;
  /** By stepKey(run, step). */
  states: Record<string, StepStatus>;
  output: Record<string, string>;
}

/** Output kept per step in the page. */
export const OUTPUT_KEPT_CHARS = 256 * 1024;

export const EMPTY_RUNS: RunState = { runs: {}, order: [], steps: {}, states: {}, output: {} };

export function stepKey(run: string, step: string): string {
  return `${run}\u0000${step}`;
}

function known(order: string[], run: string): string[] {
  return order.includes(run) ? order : [...order, run];
}

function withoutRun<T>(map: Record<string, T>, run: string): Record<string, T> {
  const prefix = stepKey(run, '');
  return Object.fromEntries(Object.entries(map).filter(([key]) => !key.startsWith(prefix)));
}

export function reduceRuns(state: RunState, event: EngineEvent): RunState {
  switch (event.type) {
    case 'entity.created':
    case 'entity.updated': {
      if (event.entity.kind !== 'run') return state;
      const run = event.entity.value;
      return { ...state, runs: { ...state.runs, [run.run]: run }, order: known(state.order, run.run) };
    }
    case 'run.started':
      // A run announced again (resumed) starts its steps afresh: the engine sends their states anew.
      return {
        ...state,
        order: known(state.order, event.run),
        steps: { ...state.steps, [event.run]: event.steps },
        states: withoutRun(state.states, event.run),
        output: withoutRun(state.output, event.run),
      };
    case 'step.state': {
      const status: StepStatus = event.detail === undefined ? { state: event.state } : { state: event.state, detail: event.detail };
      return { ...state, states: { ...state.states, [stepKey(event.run, event.step)]: status } };
    }
    case 'step.output': {
      const key = stepKey(event.run, event.step);
      const text = `${state.output[key] ?? ''}${event.text}`;
      return { ...state, output: { ...state.output, [key]: text.length > OUTPUT_KEPT_CHARS ? text.slice(-OUTPUT_KEPT_CHARS) : text } };
    }
    case 'run.finished': {
      const run = state.runs[event.run];
      if (!run || run.status === event.outcome) return state;
      return { ...state, runs: { ...state.runs, [event.run]: { ...run, status: event.outcome } } };
    }
    default:
      return state;
  }
}

export function createRunStore() {
  return createStore<RunState>(() => EMPTY_RUNS);
}

/**
 * The latest install (apply) run of the project in `projectDir` (its journal is in the project's runs/), or null
 * before any. The engine keeps the runs of every project it had open; another project's are not this one's. A
 * reset run (a step reverted) is not an install: it shows on the steps of the install before it (shownStepStatus).
 */
export function latestRun(state: RunState, projectDir: string | null): RunSummary | null {
  if (projectDir === null) return null;
  const inProject = `${projectDir.replace(/\/+$/, '')}/`;
  for (const id of [...state.order].reverse()) {
    const run = state.runs[id];
    if (run?.command === 'apply' && run.journal.startsWith(inProject)) return run;
  }
  return null;
}

const PENDING: StepStatus = { state: 'pending' };

/** A step's state in a run: pending until the engine says otherwise. */
export function stepStatus(state: RunState, run: string, step: string): StepStatus {
  return state.states[stepKey(run, step)] ?? PENDING;
}

/**
 * A step as an install run's timeline shows it: its state in the run, unless a reset run after it (step.revert) has
 * put the step back since — then that, so a reverted step reads reverted where it was applied.
 */
export function shownStepStatus(state: RunState, run: string, step: string): StepStatus {
  let shown = stepStatus(state, run, step);
  for (const later of state.order.slice(state.order.indexOf(run) + 1)) {
    const reset = state.runs[later]?.command === 'reset' ? state.states[stepKey(later, step)] : undefined;
    if (reset) shown = reset;
  }
  return shown;
}
