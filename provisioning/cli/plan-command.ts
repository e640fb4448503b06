/**
 * `picket plan -f cluster.yaml`: what apply would change, per host, and whether it needs a reboot, with a picture of
 * each sensor's CPU layout. Changes nothing. Exit 0 when nothing would change, 2 when something would, 1 on error.
 */
import { parseArgs } from 'node:util';
import { planSteps, type PlannedStep } from '../engine/step-runner.ts';
import { renderCoreMap } from '../tuning/plan/render-core-map.ts';
import { discover, openSession, SESSION_OPTIONS } from './session-from-args.ts';

export const PLAN_USAGE = `usage: picket plan [-f cluster.yaml] [--phase NAME] [--accept-new-host-keys]

Prints per host what apply would change and whether a reboot is needed, and each sensor's core map.
Exit code: 0 nothing to change, 2 changes pending, 1 error.`;

export function summarizePlan(planned: PlannedStep[], out: (line: string) => void): { changes: number; errors: number } {
  let changes = 0;
  let errors = 0;
  const hosts = [...new Set(planned.map((p) => p.step.host))];
  for (const host of hosts) {
    const mine = planned.filter((p) => p.step.host === host);
    const reboot = mine.some((p) => p.step.needsReboot && p.check.state === 'changes');
    const count = mine.filter((p) => p.check.state === 'changes').length;
    out(`${host}: ${count === 0 ? 'nothing to change' : `${count} step(s) to apply`}${reboot ? ' — REBOOT needed' : ''}`);
    for (const { step, check } of mine) {
      if (check.state === 'changes') {
        changes++;
        out(`  + ${step.title}`);
        for (const c of check.changes) out(`      ${c}`);
      } else if (check.state === 'not-permitted') out(`  ⊘ ${step.title}: not permitted on this host: ${check.reason}`);
      else if (check.state === 'error') {
        errors++;
        out(`  ✗ ${step.title}: ${check.error}`);
      }
    }
  }
  return { changes, errors };
}

export async function planCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...SESSION_OPTIONS, phase: { type: 'string' } } });
  if (values.help) {
    console.log(PLAN_USAGE);
    return 0;
  }
  const session = await openSession(values);
  try {
    if (!(await discover(session, console.log))) return 1;
    for (const host of session.hosts) {
      if (!host.plan || host.plan.nics.length === 0) continue;
      console.log(renderCoreMap(host.plan));
      for (const note of host.plan.notes) console.log(`  note: ${note}`);
    }
    const steps = session.phases().filter((p) => !values.phase || p.name === values.phase).flatMap((p) => p.steps);
    const planned = await planSteps(steps, { hosts: session.accessMap() });
    const { changes, errors } = summarizePlan(planned, console.log);
    if (errors) return 1;
    return changes ? 2 : 0;
  } finally {
    session.close();
  }
}
