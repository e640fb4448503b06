/**
 * A step: one desired setting on one host, with the means to see whether it is already there (check), to
 * record what it changes (capture), to change it (apply), to prove it (verify) and to undo it (revert).
 * Steps hold the domain knowledge; the runner that executes them holds none.
 */
import type { HostConnection } from '../ssh/connection.ts';
import type { ShellCommand } from '../ssh/shell-quote.ts';
import type { ExecResult } from '../ssh/connection.ts';

/** JSON-serialisable values: what a step records for revert goes to the journal. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type CheckResult =
  /** The desired state is already there. */
  | { state: 'in-sync'; detail?: string }
  /** `changes` says, per line, what apply would change ("cap0: gro on -> off"). */
  | { state: 'changes'; changes: string[] }
  /** The host cannot take this setting (a global sysctl inside a container, say): reported, never silently skipped. */
  | { state: 'not-permitted'; reason: string };

export interface StepContext {
  host: string;
  connection: HostConnection;
  /** Privileged commands go through sudo on this host (the login is not root). */
  sudo: boolean;
  signal: AbortSignal;
  /** Streams a line of output to the step's log and terminal. */
  log: (text: string) => void;
  /** Runs a command as root (through sudo when the login is not root), streaming its output to the step log. */
  run: (command: ShellCommand, purpose: string) => Promise<ExecResult>;
  /** Like run, but throws a one-line error when the command exits non-zero; returns stdout. */
  must: (command: ShellCommand, purpose: string) => Promise<string>;
}

export interface Step {
  /** Unique within a plan, stable across runs: `<phase>/<host>/<name>`. */
  id: string;
  title: string;
  host: string;
  phase: string;
  /** Ids of steps (on any host) that must be verified first. */
  needs: string[];
  /** Applying this step only takes effect after a reboot. */
  needsReboot?: boolean;
  check(ctx: StepContext): Promise<CheckResult>;
  /** Reads the values apply will change, before it changes them; journaled, then handed to revert. */
  capture?(ctx: StepContext): Promise<Json>;
  apply(ctx: StepContext): Promise<void>;
  /** Reads back and proves the setting; returns the problems found (empty: verified). */
  verify(ctx: StepContext): Promise<string[]>;
  revert?(ctx: StepContext, originals: Json): Promise<void>;
}

export interface Phase {
  name: string;
  title: string;
  steps: Step[];
}

export function stepId(phase: string, host: string, name: string): string {
  return `${phase}/${host}/${name}`;
}
