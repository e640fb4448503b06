/** `picket check -f cluster.yaml`: preflight findings per host, with the fix for each. Exit 1 on an unwaived failure. */
import { parseArgs } from 'node:util';
import { formatFinding } from '../preflight/format-finding.ts';
import { runPreflight } from '../preflight/run-preflight.ts';
import { blockingFindings, judgeFindings, type JudgedFinding } from '../preflight/waivers.ts';
import type { ClusterSession } from '../engine/cluster-session.ts';
import { discover, openSession, SESSION_OPTIONS } from './session-from-args.ts';

export const CHECK_USAGE = `usage: picket check [-f cluster.yaml] [--accept-new-host-keys] [--capture-seconds N]

Runs preflight on every host: resources per role, OS, hostnames, clock skew, MTU, IOMMU, capture NICs, and
the capture path (packet counters sampled on each capture NIC: is the TAP or SPAN really cabled there?).
Failures waived in cluster.yaml (preflight.waive, by check id, with a reason) are shown but do not block.`;

export async function preflight(session: ClusterSession, captureSeconds: number): Promise<JudgedFinding[]> {
  const findings = await runPreflight(session.preflightTargets(), { mode: session.spec.mode, captureSeconds });
  return judgeFindings(findings, session.spec.preflight?.waive ?? []);
}

export function printFindings(judged: JudgedFinding[], out: (line: string) => void): void {
  for (const j of judged) out(j.waiver ? `${formatFinding(j.finding)} [WAIVED: ${j.waiver.reason}]` : formatFinding(j.finding));
}

export async function checkCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...SESSION_OPTIONS, 'capture-seconds': { type: 'string' } } });
  if (values.help) {
    console.log(CHECK_USAGE);
    return 0;
  }
  const seconds = Number(values['capture-seconds'] ?? 5);
  const session = await openSession(values);
  try {
    if (!(await discover(session, console.log))) return 1;
    const judged = await preflight(session, seconds);
    printFindings(judged, console.log);
    const blocking = blockingFindings(judged);
    console.log(blocking.length ? `${blocking.length} failed check(s): fix them, or waive by id in cluster.yaml (preflight.waive)` : 'preflight passed');
    return blocking.length ? 1 : 0;
  } finally {
    session.close();
  }
}
