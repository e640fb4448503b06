/**
 * A run as the Install timeline draws it: one row per host, one column per kind of step (the last part of a step
 * id `<phase>/<host>/<name>`, in the order the run lists them), each cell the step's state. Hosts need not have
 * the same steps; a host without a step has an empty cell there.
 */
import type { StepInfo, StepState } from '../../../provisioning/contract/step-state.ts';
import type { StepStatus } from '../../store/run-store.ts';

export interface TimelineColumn {
  key: string;
  title: string;
  /** What the column's header shows: the step's name within its phase, a sysctl by its key alone. */
  label: string;
}

/** Headers are narrow and rotated: a sysctl step reads as the sysctl itself (vm.swappiness), not sysctl-vm.swappiness. */
export function columnLabel(key: string): string {
  return key.split('/').slice(1).join('/').replace(/^sysctl-/, '');
}

export interface TimelineCell {
  step: StepInfo;
  status: StepStatus;
}

export interface TimelineRow {
  host: string;
  cells: (TimelineCell | null)[];
  counts: Partial<Record<StepState, number>>;
  /** The first failed step, else the one in progress. */
  focus: StepInfo | null;
}

export interface Timeline {
  columns: TimelineColumn[];
  rows: TimelineRow[];
  counts: Partial<Record<StepState, number>>;
}

export function stepName(step: StepInfo): string {
  const prefix = `${step.phase}/${step.host}/`;
  return `${step.phase}/${step.id.startsWith(prefix) ? step.id.slice(prefix.length) : step.id}`;
}

export const ACTIVE_STATES: StepState[] = ['checking', 'applying', 'verifying', 'reverting'];
/** States a step is finished in, one way or another. */
export const SETTLED_STATES: StepState[] = ['in-sync', 'verified', 'failed', 'not-permitted', 'skipped', 'blocked', 'reverted'];

export function buildTimeline(steps: StepInfo[], statusOf: (step: StepInfo) => StepStatus): Timeline {
  const columns: TimelineColumn[] = [];
  for (const step of steps) {
    const key = stepName(step);
    if (!columns.some((c) => c.key === key)) columns.push({ key, title: step.title, label: columnLabel(key) });
  }
  const hosts = [...new Set(steps.map((s) => s.host))];
  const total: Partial<Record<StepState, number>> = {};
  const rows = hosts.map((host): TimelineRow => {
    const mine = steps.filter((s) => s.host === host);
    const counts: Partial<Record<StepState, number>> = {};
    const cells = columns.map((column) => {
      const step = mine.find((s) => stepName(s) === column.key);
      if (!step) return null;
      const status = statusOf(step);
      counts[status.state] = (counts[status.state] ?? 0) + 1;
      total[status.state] = (total[status.state] ?? 0) + 1;
      return { step, status };
    });
    const present = cells.filter((c): c is TimelineCell => c !== null);
    const focus = present.find((c) => c.status.state === 'failed') ?? present.find((c) => ACTIVE_STATES.includes(c.status.state)) ?? null;
    return { host, cells, counts, focus: focus?.step ?? null };
  });
  return { columns, rows, counts: total };
}

/** Of `steps`, how many are settled: the run's progress. */
export function settledCount(timeline: Timeline): number {
  return SETTLED_STATES.reduce((sum, state) => sum + (timeline.counts[state] ?? 0), 0);
}
