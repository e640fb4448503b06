import { describe, expect, it } from 'vitest';
import type { StepInfo } from '../../../provisioning/contract/step-state.ts';
import type { StepStatus } from '../../store/run-store.ts';
import { buildTimeline, columnLabel, settledCount, stepName } from './timeline-model.ts';

const step = (host: string, name: string): StepInfo => ({ id: `tuning/${host}/${name}`, title: `${host} ${name}`, host, phase: 'tuning' });

describe('buildTimeline', () => {
  const steps = [step('h1', 'cap0-offloads'), step('h1', 'cap0-rings'), step('h2', 'cap0-offloads'), step('h2', 'kernel-cmdline')];
  const states: Record<string, StepStatus> = {
    'tuning/h1/cap0-offloads': { state: 'verified' },
    'tuning/h1/cap0-rings': { state: 'applying' },
    'tuning/h2/cap0-offloads': { state: 'failed', detail: 'ethtool: no such device' },
  };
  const timeline = buildTimeline(steps, (s) => states[s.id] ?? { state: 'pending' });

  it('has a column per kind of step, in run order, and a row per host with an empty cell where it lacks one', () => {
    expect(timeline.columns.map((c) => c.key)).toEqual(['tuning/cap0-offloads', 'tuning/cap0-rings', 'tuning/kernel-cmdline']);
    expect(timeline.columns.map((c) => c.label)).toEqual(['cap0-offloads', 'cap0-rings', 'kernel-cmdline']);
    expect(timeline.rows.map((r) => [r.host, r.cells.map((c) => c?.status.state ?? null)])).toEqual([
      ['h1', ['verified', 'applying', null]],
      ['h2', ['failed', null, 'pending']],
    ]);
  });

  it('counts states per host and in all, and points at the step that needs looking at', () => {
    expect(timeline.rows.map((r) => r.focus?.id)).toEqual(['tuning/h1/cap0-rings', 'tuning/h2/cap0-offloads']);
    expect(timeline.counts).toEqual({ verified: 1, applying: 1, failed: 1, pending: 1 });
    expect(settledCount(timeline)).toBe(2);
  });

  it('names a step by its phase and what follows its host in the id', () => {
    expect(stepName(step('sensor-1', 'sysctl-net.core.rmem_max'))).toBe('tuning/sysctl-net.core.rmem_max');
  });

  it('labels a sysctl column by the sysctl alone, the header being narrow', () => {
    expect(columnLabel('tuning/sysctl-net.core.rmem_max')).toBe('net.core.rmem_max');
    expect(columnLabel('bundle/unit-3')).toBe('unit-3');
  });
});
