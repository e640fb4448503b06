/**
 * `picket plan` as data: per host, each step's check, the change count, whether a reboot is needed, and the
 * sensors' core map (renderCoreMap's picture, and the same layout as data) with the planner's notes.
 */
import type { HostPlan, StepCheck } from '../contract/host-plan.ts';
import type { PlannedStep } from '../engine/step-runner.ts';
import type { HostTuningPlan } from '../tuning/plan/host-tuning-plan.ts';
import { renderCoreMap } from '../tuning/plan/render-core-map.ts';
import { cpuLayoutView } from './cpu-layout-view.ts';

export interface PlanReport {
  hosts: HostPlan[];
  changes: number;
  errors: number;
}

function checkOf(planned: PlannedStep): StepCheck {
  const { check } = planned;
  switch (check.state) {
    case 'in-sync':
      return { state: 'in-sync', detail: check.detail ?? null };
    case 'changes':
      return { state: 'changes', changes: check.changes };
    case 'not-permitted':
      return { state: 'not-permitted', reason: check.reason };
    case 'error':
      return { state: 'error', error: check.error };
  }
}

/** `hosts`: the project's planned hosts in order; a host none of whose steps were planned still gets its core map. */
export function planReport(hosts: { name: string; plan?: HostTuningPlan | undefined }[], planned: PlannedStep[]): PlanReport {
  const names = [...new Set([...hosts.map((h) => h.name), ...planned.map((p) => p.step.host)])];
  const report = names.map((name): HostPlan => {
    const plan = hosts.find((h) => h.name === name)?.plan;
    const mine = planned.filter((p) => p.step.host === name);
    return {
      host: name,
      reboot: mine.some((p) => p.step.needsReboot === true && p.check.state === 'changes'),
      changes: mine.filter((p) => p.check.state === 'changes').length,
      steps: mine.map((p) => ({ id: p.step.id, title: p.step.title, phase: p.step.phase, needsReboot: p.step.needsReboot ?? false, check: checkOf(p) })),
      coreMap: plan && plan.nics.length > 0 ? renderCoreMap(plan) : null,
      cpuLayout: plan && plan.nics.length > 0 ? cpuLayoutView(plan) : null,
      notes: plan?.notes ?? [],
    };
  });
  return {
    hosts: report,
    changes: report.reduce((sum, h) => sum + h.changes, 0),
    errors: planned.filter((p) => p.check.state === 'error').length,
  };
}
