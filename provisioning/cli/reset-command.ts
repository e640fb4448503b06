/**
 * `picket reset -f cluster.yaml --phase tuning`: puts back what Picket changed, from the originals the journal
 * recorded before each first change; settings Picket never changed are left alone.
 */
import { parseArgs } from 'node:util';
import { resetRun, revertibleSteps } from '../engine/reset-run.ts';
import { discover, openSession, SESSION_OPTIONS } from './session-from-args.ts';
import { stepEventPrinter } from './step-event-printer.ts';
import { confirmOnTerminal, interactive } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

export async function resetCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...SESSION_OPTIONS, phase: { type: 'string' }, step: { type: 'string', multiple: true }, yes: { type: 'boolean', short: 'y' } } });
  if (values.help) {
    console.log('usage: picket reset [-f cluster.yaml] --phase NAME [--step STEP_ID]… [--yes]\n\nReverts the phase (or just the named steps) to the originals recorded in the journal.');
    return 0;
  }
  if (!values.phase) throw new UsageError('name the phase to reset with --phase (e.g. --phase tuning)');
  const session = await openSession(values);
  try {
    if (!(await discover(session, console.log))) return 1;
    const phase = session.phases().find((p) => p.name === values.phase);
    if (!phase) throw new UsageError(`no phase named ${values.phase} (phases: ${session.phases().map((p) => p.name).join(', ')})`);
    const only = new Set(values.step ?? []);
    const steps = phase.steps.filter((s) => only.size === 0 || only.has(s.id));
    const recorded = revertibleSteps(session.runsDir, steps);
    if (recorded.length === 0) {
      console.log('nothing to reset: Picket has changed nothing in this phase');
      return 0;
    }
    if (!values.yes) {
      if (!interactive()) throw new UsageError('reset changes hosts: confirm with --yes when not on a terminal');
      if (!(await confirmOnTerminal(`Revert ${recorded.length} step(s) to their recorded originals?`))) return 1;
    }
    const titles = new Map(steps.map((s) => [s.id, `${s.id.split('/').slice(2).join('/')}: ${s.title}`]));
    const result = await resetRun({
      ...session.runScope(),
      phases: [phase.name],
      steps: recorded,
      onEvent: stepEventPrinter(console.log, titles),
    });
    console.log(result.outcome === 'succeeded' ? `reset ${phase.name}: ${recorded.length} step(s) back to their originals` : `reset ${phase.name} failed; see above`);
    return result.outcome === 'succeeded' ? 0 : 1;
  } finally {
    session.close();
  }
}
