/**
 * The journal: every step transition of a run, appended to runs/<run>/journal.jsonl and fsync'd before the
 * engine moves on, so that a crash, a kill -9 or a host reboot loses nothing already done. Reading all runs'
 * journals in order gives each step's history: the originals recorded before its first change (for revert),
 * and whether a run finished.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from './step.ts';

/** A step as a run lists it when it starts (journals written before this was recorded have none). */
export interface JournaledStep {
  id: string;
  title: string;
  host: string;
  phase: string;
}

export type JournalRecord =
  | { type: 'run-started'; run: string; at: string; command: string; phases: string[]; hosts: string[]; steps?: JournaledStep[] }
  | { type: 'run-finished'; run: string; at: string; outcome: 'succeeded' | 'failed' | 'cancelled' }
  | { type: 'step-started'; run: string; at: string; step: string; host: string; title: string }
  | { type: 'step-in-sync'; run: string; at: string; step: string; host: string; detail?: string }
  | { type: 'step-captured'; run: string; at: string; step: string; host: string; originals: Json }
  | { type: 'step-applied'; run: string; at: string; step: string; host: string; log: string }
  | { type: 'step-verified'; run: string; at: string; step: string; host: string }
  | { type: 'step-failed'; run: string; at: string; step: string; host: string; error: string; log?: string }
  | { type: 'step-not-permitted'; run: string; at: string; step: string; host: string; reason: string }
  | { type: 'step-skipped'; run: string; at: string; step: string; host: string; reason: string }
  | { type: 'step-reverted'; run: string; at: string; step: string; host: string }
  | { type: 'check-waived'; run: string; at: string; check: string; host: string; reason: string }
  /** A face paused the run (steps in flight finished, none started) and later resumed it. */
  | { type: 'run-paused'; run: string; at: string }
  | { type: 'run-resumed'; run: string; at: string }
  /** This run retries a step that `from` (an earlier run) left failed, blocked or skipped. */
  | { type: 'step-retried'; run: string; at: string; step: string; host: string; from: string };

export type JournalEvent = JournalRecord extends infer R ? (R extends { run: string; at: string } ? Omit<R, 'run' | 'at'> : never) : never;

export class Journal {
  private readonly fd: number;

  constructor(
    readonly dir: string,
    readonly run: string,
  ) {
    mkdirSync(dir, { recursive: true });
    this.fd = openSync(join(dir, 'journal.jsonl'), 'a', 0o600);
  }

  get file(): string {
    return join(this.dir, 'journal.jsonl');
  }

  /** Appends and fsyncs one record: when this returns, the transition survives a crash. */
  append(event: JournalEvent): JournalRecord {
    const record = { ...event, run: this.run, at: new Date().toISOString() } as JournalRecord;
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
    return record;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * The next run id in a runs folder: a sequence number first (runs replay in this order, whatever the clock
 * does), then the UTC time for people.
 */
export function newRunId(runsDir: string, now = new Date()): string {
  let existing: string[] = [];
  try {
    existing = readdirSync(runsDir);
  } catch {
    // no runs yet
  }
  const last = Math.max(0, ...existing.map((name) => Number(/^(\d{4,})-/.exec(name)?.[1] ?? 0)));
  const time = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${String(last + 1).padStart(4, '0')}-${time}`;
}

export function readJournal(file: string): JournalRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      // A torn last line from a crash mid-write: everything before it is intact (each line was fsync'd).
    }
  }
  return records;
}

export interface RunSummary {
  run: string;
  dir: string;
  records: JournalRecord[];
  finished: boolean;
  command: string;
}

export function listRuns(runsDir: string): RunSummary[] {
  let names: string[];
  try {
    names = readdirSync(runsDir).sort();
  } catch {
    return [];
  }
  return names.map((run) => {
    const dir = join(runsDir, run);
    const records = readJournal(join(dir, 'journal.jsonl'));
    const started = records.find((r) => r.type === 'run-started');
    return {
      run,
      dir,
      records,
      finished: records.some((r) => r.type === 'run-finished'),
      command: started?.type === 'run-started' ? started.command : '',
    };
  });
}

export interface StepHistory {
  /** What the host had before Picket first changed this step (since its last revert); undefined if never changed. */
  originals: Json | undefined;
  /** The latest state any run left the step in. */
  last: JournalRecord['type'] | undefined;
}

/** Folds every run's journal into per-step history: the state `reset` and resume work from. */
export function stepHistories(runs: RunSummary[]): Map<string, StepHistory> {
  const history = new Map<string, StepHistory>();
  for (const run of runs) {
    for (const record of run.records) {
      if (!('step' in record)) continue;
      const h = history.get(record.step) ?? { originals: undefined, last: undefined };
      if (record.type === 'step-captured' && h.originals === undefined) h.originals = record.originals;
      if (record.type === 'step-reverted') h.originals = undefined;
      h.last = record.type;
      history.set(record.step, h);
    }
  }
  return history;
}
