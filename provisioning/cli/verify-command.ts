/**
 * `picket verify -f cluster.yaml`: proves, by reading every setting back from the hosts, that each one is still as
 * planned (after a reboot, say). Exit 0 when all hold, 1 when any drifted or could not be read.
 */
import { parseArgs } from 'node:util';
import { planSteps } from '../engine/step-runner.ts';
import { discover, openSession, SESSION_OPTIONS } from './session-from-args.ts';

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...SESSION_OPTIONS, phase: { type: 'string' } } });
  if (values.help) {
    console.log('usage: picket verify [-f cluster.yaml] [--phase NAME]\n\nReads every planned setting back from the hosts and reports any that drifted.');
    return 0;
  }
  const session = await openSession(values);
  try {
    if (!(await discover(session, console.log))) return 1;
    const steps = session.phases().filter((p) => !values.phase || p.name === values.phase).flatMap((p) => p.steps);
    const planned = await planSteps(steps, { hosts: session.accessMap() });
    let bad = 0;
    for (const { step, check } of planned) {
      if (check.state === 'in-sync') continue;
      if (check.state === 'not-permitted') {
        console.log(`⊘ ${step.host}: ${step.title}: not permitted on this host: ${check.reason}`);
        continue;
      }
      bad++;
      console.log(`✗ ${step.host}: ${step.title}: ${check.state === 'changes' ? `not as planned (${check.changes.join('; ')})` : check.error}`);
    }
    const verified = planned.filter((p) => p.check.state === 'in-sync').length;
    console.log(bad ? `${bad} setting(s) not as planned; picket apply puts them back` : `verified: ${verified} setting(s) as planned on ${session.hosts.length} host(s)`);
    return bad ? 1 : 0;
  } finally {
    session.close();
  }
}
