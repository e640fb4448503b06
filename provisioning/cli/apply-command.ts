/**
 * `picket apply -f cluster.yaml`: preflight (refusing unwaived failures), then every planned step with live output,
 * journaled to runs/<run>/journal.jsonl. Ctrl-C cancels cleanly; after a crash or kill -9 a rerun resumes the
 * interrupted run (every step is checked again, so nothing is redone and nothing half-done is trusted).
 */
import { parseArgs } from 'node:util';
import { applyRun } from '../engine/apply-run.ts';
import { planSteps } from '../engine/step-runner.ts';
import { blockingFindings, waivedChecks } from '../preflight/waivers.ts';
import { preflight, printFindings } from './check-command.ts';
import { discover, openSession, SESSION_OPTIONS } from './session-from-args.ts';
import { stepEventPrinter } from './step-event-printer.ts';
import { summarizePlan } from './plan-command.ts';
import { confirmOnTerminal, interactive } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

export const APPLY_USAGE = `usage: picket apply [-f cluster.yaml] [--phase NAME] [--yes] [--skip STEP_ID --reason TEXT]…
                    [--accept-new-host-keys] [--capture-seconds N]

Applies the plan: preflight first (an unwaived failure stops here, before any host changes), then each step with
its output live. Every transition is journaled in runs/; rerun after a failure or a crash to resume.
  --yes                 do not ask for confirmation (needed when not on a terminal)
  --skip STEP_ID        skip one step (id as printed by plan/apply), with --reason; journaled`;

export async function applyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...SESSION_OPTIONS,
      phase: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      skip: { type: 'string', multiple: true },
      reason: { type: 'string', multiple: true },
      'capture-seconds': { type: 'string' },
    },
  });
  if (values.help) {
    console.log(APPLY_USAGE);
    return 0;
  }
  const skips = values.skip ?? [];
  const reasons = values.reason ?? [];
  if (skips.length !== reasons.length) throw new UsageError('every --skip needs its own --reason (say why, it is journaled)');

  const controller = new AbortController();
  const onSignal = () => {
    console.error('\ncancelling: waiting for running commands to stop (Ctrl-C again to force)');
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  const session = await openSession(values, controller.signal);
  try {
    if (!(await discover(session, console.log))) return 1;
    const judged = await preflight(session, Number(values['capture-seconds'] ?? 3));
    printFindings(judged.filter((j) => j.finding.severity !== 'info'), console.log);
    const blocking = blockingFindings(judged);
    if (blocking.length) {
      console.log(`apply refused: ${blocking.length} failed check(s); nothing was changed. Fix them, or waive them by id in ${session.project.file} (preflight.waive).`);
      return 1;
    }

    const steps = session.phases().filter((p) => !values.phase || p.name === values.phase).flatMap((p) => p.steps);
    const known = new Set(steps.map((s) => s.id));
    for (const id of skips) if (!known.has(id)) throw new UsageError(`--skip ${id}: no such step in this plan (see picket plan)`);
    const planned = await planSteps(steps, { hosts: session.accessMap(), signal: controller.signal });
    const { changes, errors } = summarizePlan(planned, console.log);
    if (errors) return 1;
    if (changes === 0) {
      console.log('nothing to change: every host is as planned');
      return 0;
    }
    if (!values.yes) {
      if (!interactive()) throw new UsageError('apply changes hosts: confirm with --yes when not on a terminal');
      if (!(await confirmOnTerminal(`Apply ${changes} change(s)?`))) return 1;
    }

    const titles = new Map(steps.map((s) => [s.id, `${s.id.split('/').slice(2).join('/')}: ${s.title}`]));
    const result = await applyRun({
      ...session.runScope(),
      steps,
      waived: waivedChecks(judged),
      skip: new Map(skips.map((id, i) => [id, reasons[i]!])),
      signal: controller.signal,
      onEvent: stepEventPrinter(console.log, titles),
      onBegin: ({ run, resumed, journalFile }) => console.log(resumed ? `resuming interrupted run ${run}` : `run ${run}: journal ${journalFile}`),
    });
    const failed = [...result.states].filter(([, s]) => s === 'failed').map(([id]) => id);
    console.log(
      result.outcome === 'succeeded'
        ? `apply succeeded (journal ${result.journalFile})`
        : result.outcome === 'cancelled'
          ? `apply cancelled; rerun picket apply to resume (journal ${result.journalFile})`
          : `apply failed at ${failed.join(', ')}; see the logs in ${result.logDir}, fix, and rerun picket apply to retry (or --skip the step with a --reason)`,
    );
    return result.outcome === 'succeeded' ? 0 : result.outcome === 'cancelled' ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    session.close();
  }
}
