/**
 * Runs steps: plan (every check, nothing changed), apply (a DAG: hosts in parallel, bounded; steps of a host in
 * order, each after the steps it needs), and revert (in reverse, from the journal's recorded originals).
 * It knows nothing of what the steps do.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { HostError } from '../ssh/host-error.ts';
import type { HostConnection } from '../ssh/connection.ts';
import type { ShellCommand } from '../ssh/shell-quote.ts';
import { mapBounded } from '../shared/map-bounded.ts';
import { isSatisfied, type EngineListener, type StepState } from './engine-events.ts';
import type { Journal, StepHistory } from './journal.ts';
import type { RunControl } from './run-control.ts';
import { stepLogFile } from './step-log-file.ts';
import type { CheckResult, Step, StepContext } from './step.ts';

export interface HostAccess {
  connection: HostConnection;
  /** Privileged commands go through sudo (non-root login). */
  sudo: boolean;
}

export interface RunnerOptions {
  hosts: Map<string, HostAccess>;
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: EngineListener;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function makeContext(step: Step, access: HostAccess, signal: AbortSignal, write: (text: string) => void): StepContext {
  const run = async (command: ShellCommand, purpose: string) => {
    write(`$ ${purpose}\n`);
    return access.connection.exec(command, {
      sudo: access.sudo,
      signal,
      purpose: `${step.title}: ${purpose}`,
      timeoutMs: 120_000,
      onStdout: (chunk) => write(chunk.toString('utf8')),
      onStderr: (chunk) => write(chunk.toString('utf8')),
    });
  };
  return {
    host: step.host,
    connection: access.connection,
    sudo: access.sudo,
    signal,
    log: (text) => write(text.endsWith('\n') ? text : `${text}\n`),
    run,
    must: async (command, purpose) => {
      const result = await run(command, purpose);
      if (result.exitCode !== 0) {
        const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
        throw new HostError(step.host, 'command', `${step.title}: ${purpose} failed: ${why}`);
      }
      return result.stdout;
    },
  };
}

function accessFor(options: RunnerOptions, host: string): HostAccess {
  const access = options.hosts.get(host);
  if (!access) throw new Error(`no connection for host ${host}`);
  return access;
}

function byHost(steps: Step[]): Map<string, Step[]> {
  const groups = new Map<string, Step[]>();
  for (const step of steps) groups.set(step.host, [...(groups.get(step.host) ?? []), step]);
  return groups;
}

export interface PlannedStep {
  step: Step;
  check: CheckResult | { state: 'error'; error: string };
}

/** Runs every check (read-only) and returns what apply would do, per step. */
export async function planSteps(steps: Step[], options: RunnerOptions): Promise<PlannedStep[]> {
  const signal = options.signal ?? new AbortController().signal;
  const groups = [...byHost(steps).values()];
  const planned = await mapBounded(groups, options.concurrency ?? 16, async (hostSteps) => {
    const out: PlannedStep[] = [];
    for (const step of hostSteps) {
      try {
        const ctx = makeContext(step, accessFor(options, step.host), signal, () => undefined);
        out.push({ step, check: await step.check(ctx) });
      } catch (error) {
        out.push({ step, check: { state: 'error', error: message(error) } });
      }
    }
    return out;
  });
  return planned.flat();
}

export interface ApplyOptions extends RunnerOptions {
  journal: Journal;
  history: Map<string, StepHistory>;
  logDir: string;
  /** Step id -> reason: skipped on purpose, journaled. */
  skip?: Map<string, string>;
  /** Pause, resume and skips asked for while the run is going. */
  control?: RunControl;
}

export interface ApplyResult {
  outcome: 'succeeded' | 'failed' | 'cancelled';
  states: Map<string, StepState>;
}

class Deferred {
  promise: Promise<StepState>;
  resolve!: (state: StepState) => void;
  constructor() {
    this.promise = new Promise((r) => (this.resolve = r));
  }
}

export async function applySteps(steps: Step[], options: ApplyOptions): Promise<ApplyResult> {
  const { journal, history, onEvent } = options;
  const signal = options.signal ?? new AbortController().signal;
  const states = new Map<string, StepState>();
  const settled = new Map(steps.map((s) => [s.id, new Deferred()]));
  const known = new Set(steps.map((s) => s.id));
  const set = (step: Step, state: StepState, detail?: string) => {
    states.set(step.id, state);
    onEvent?.({ type: 'step-state', step: step.id, host: step.host, state, ...(detail ? { detail } : {}) });
  };
  for (const step of steps) set(step, 'pending');

  const runOne = async (step: Step, log: WriteStream, logFile: string): Promise<StepState> => {
    const skipReason = options.control?.skipReason(step.id) ?? options.skip?.get(step.id);
    if (skipReason !== undefined) {
      journal.append({ type: 'step-skipped', step: step.id, host: step.host, reason: skipReason });
      set(step, 'skipped', skipReason);
      return 'skipped';
    }
    const write = (text: string) => {
      log.write(text);
      onEvent?.({ type: 'step-output', step: step.id, host: step.host, text });
    };
    const ctx = makeContext(step, accessFor(options, step.host), signal, write);
    try {
      set(step, 'checking');
      const check = await step.check(ctx);
      if (check.state === 'in-sync') {
        journal.append({ type: 'step-in-sync', step: step.id, host: step.host, ...(check.detail ? { detail: check.detail } : {}) });
        set(step, 'in-sync', check.detail);
        return 'in-sync';
      }
      if (check.state === 'not-permitted') {
        journal.append({ type: 'step-not-permitted', step: step.id, host: step.host, reason: check.reason });
        write(`not permitted on this host: ${check.reason}\n`);
        set(step, 'not-permitted', check.reason);
        return 'not-permitted';
      }
      for (const change of check.changes) write(`will change: ${change}\n`);
      // Originals are recorded once, before the first change: a rerun after a crash must not take the
      // half-applied state for the original.
      if (step.capture && history.get(step.id)?.originals === undefined) {
        const originals = await step.capture(ctx);
        journal.append({ type: 'step-captured', step: step.id, host: step.host, originals });
        history.set(step.id, { originals, last: 'step-captured' });
      }
      journal.append({ type: 'step-started', step: step.id, host: step.host, title: step.title });
      set(step, 'applying');
      await step.apply(ctx);
      journal.append({ type: 'step-applied', step: step.id, host: step.host, log: logFile });
      set(step, 'verifying');
      const problems = await step.verify(ctx);
      if (problems.length > 0) throw new HostError(step.host, 'command', `${step.title}: not verified: ${problems.join('; ')}`);
      journal.append({ type: 'step-verified', step: step.id, host: step.host });
      set(step, 'verified');
      return 'verified';
    } catch (error) {
      const text = message(error);
      write(`failed: ${text}\n`);
      journal.append({ type: 'step-failed', step: step.id, host: step.host, error: text, log: logFile });
      set(step, 'failed', text);
      return 'failed';
    }
  };

  const hostGroups = [...byHost(steps).entries()];
  await mapBounded(hostGroups, options.concurrency ?? 16, async ([host, hostSteps]) => {
    const hostLogDir = join(options.logDir, host);
    mkdirSync(hostLogDir, { recursive: true });
    let stopped: string | undefined;
    for (const step of hostSteps) {
      const deferred = settled.get(step.id)!;
      if (signal.aborted) stopped ??= 'cancelled';
      if (!stopped) {
        for (const need of step.needs.filter((n) => known.has(n))) {
          const state = await settled.get(need)!.promise;
          if (!isSatisfied(state)) stopped = `needs ${need}, which ${state === 'blocked' ? 'was blocked' : state}`;
        }
      }
      // Paused: what is in flight finishes, nothing new starts (a cancel while paused ends the wait).
      if (!stopped && options.control) {
        await options.control.whenRunning(signal);
        if (signal.aborted) stopped = 'cancelled';
      }
      if (stopped) {
        set(step, 'blocked', stopped);
        deferred.resolve('blocked');
        continue;
      }
      const logFile = stepLogFile(options.logDir, step);
      const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
      const state = await runOne(step, log, logFile);
      await new Promise<void>((r) => log.end(r));
      deferred.resolve(state);
      // A failed step stops the rest of its host: later steps may rely on it without saying so.
      if (state === 'failed') stopped = `an earlier step on ${host} failed (${step.id})`;
    }
  });

  const all = [...states.values()];
  const outcome = signal.aborted ? 'cancelled' : all.every((s) => isSatisfied(s)) ? 'succeeded' : 'failed';
  return { outcome, states };
}

export interface RevertOptions extends RunnerOptions {
  journal: Journal;
  history: Map<string, StepHistory>;
}

/** Reverts steps that recorded originals, newest first per host; steps Picket never changed are left alone. */
export async function revertSteps(steps: Step[], options: RevertOptions): Promise<ApplyResult> {
  const { journal, history, onEvent } = options;
  const signal = options.signal ?? new AbortController().signal;
  const states = new Map<string, StepState>();
  const set = (step: Step, state: StepState, detail?: string) => {
    states.set(step.id, state);
    onEvent?.({ type: 'step-state', step: step.id, host: step.host, state, ...(detail ? { detail } : {}) });
  };
  await mapBounded([...byHost(steps).values()], options.concurrency ?? 16, async (hostSteps) => {
    for (const step of [...hostSteps].reverse()) {
      const originals = history.get(step.id)?.originals;
      if (originals === undefined || !step.revert) {
        set(step, 'in-sync', 'nothing recorded to revert');
        continue;
      }
      const write = (text: string) => onEvent?.({ type: 'step-output', step: step.id, host: step.host, text });
      const ctx = makeContext(step, accessFor(options, step.host), signal, write);
      try {
        set(step, 'reverting');
        await step.revert(ctx, originals);
        journal.append({ type: 'step-reverted', step: step.id, host: step.host });
        history.set(step.id, { originals: undefined, last: 'step-reverted' });
        set(step, 'reverted');
      } catch (error) {
        journal.append({ type: 'step-failed', step: step.id, host: step.host, error: `revert: ${message(error)}` });
        set(step, 'failed', message(error));
      }
    }
  });
  const all = [...states.values()];
  const outcome = signal.aborted ? 'cancelled' : all.every((s) => s === 'reverted' || s === 'in-sync') ? 'succeeded' : 'failed';
  return { outcome, states };
}
