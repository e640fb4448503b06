/** Small status labels: a host's status, a finding's severity, a step's state. */
import type { Severity } from '../../provisioning/contract/judged-finding.ts';
import type { HostStatus } from '../../provisioning/contract/project-summary.ts';
import type { StepState } from '../../provisioning/contract/step-state.ts';

const HOST_STATUS: Record<HostStatus, { label: string; tone: string }> = {
  new: { label: 'not discovered', tone: 'neutral' },
  inventoried: { label: 'discovered', tone: 'info' },
  planned: { label: 'ready', tone: 'good' },
  problem: { label: 'problem', tone: 'bad' },
};

export function HostStatusBadge({ status }: { status: HostStatus }) {
  const { label, tone } = HOST_STATUS[status];
  return <span className={`badge tone-${tone}`}>{label}</span>;
}

const SEVERITY: Record<Severity, string> = { fail: 'bad', warn: 'warn', info: 'info' };

export function SeverityBadge({ severity, waived }: { severity: Severity; waived?: boolean }) {
  return <span className={`badge tone-${waived ? 'neutral' : SEVERITY[severity]}`}>{waived ? `${severity} · waived` : severity}</span>;
}

export function StepStateBadge({ state }: { state: StepState }) {
  return <span className={`badge step-state state-${state}`}>{state}</span>;
}
