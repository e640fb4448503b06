/**
 * The wizard's steps, how far each is (from the engine's state only), and where a page that (re)loads resumes:
 * the first step not done, or the run when one is in progress or finished.
 */
import type { JudgedFinding } from '../../provisioning/contract/judged-finding.ts';
import type { HostSummary, ProjectInfo } from '../../provisioning/contract/project-summary.ts';
import type { RunSummary } from '../../provisioning/contract/run-summary.ts';
import type { HostDiscovery } from '../store/discovery-store.ts';
import type { PlanState } from '../store/plan-store.ts';
import { workingHosts } from '../store/project-store.ts';

export const WIZARD_STEPS = [
  { id: 'cluster', title: 'Cluster' },
  { id: 'hosts', title: 'Hosts' },
  { id: 'discover', title: 'Discover' },
  { id: 'roles', title: 'Roles & NICs' },
  { id: 'plan', title: 'Plan' },
  { id: 'install', title: 'Install' },
  { id: 'done', title: 'Done' },
] as const;

export type StepId = (typeof WIZARD_STEPS)[number]['id'];

/** locked: a step before it must be done first (note says which). */
export type StepProgress = 'done' | 'attention' | 'running' | 'todo' | 'locked';

export interface StepStatus {
  progress: StepProgress;
  /** One short line under the step's name in the rail. */
  note: string;
}

export interface WizardFacts {
  project: ProjectInfo | null;
  hosts: HostSummary[];
  discovery: Record<string, HostDiscovery>;
  findings: JudgedFinding[] | null;
  plan: PlanState;
  latestRun: RunSummary | null;
}

export function isStepId(value: string): value is StepId {
  return WIZARD_STEPS.some((s) => s.id === value);
}

const locked = (note: string): StepStatus => ({ progress: 'locked', note });

export function blockingFindings(findings: JudgedFinding[] | null): JudgedFinding[] {
  return (findings ?? []).filter((f) => f.severity === 'fail' && f.waiver === null);
}

export function stepStatuses(facts: WizardFacts): Record<StepId, StepStatus> {
  const { project, latestRun } = facts;
  const working = workingHosts(facts.hosts);
  const discovered = working.filter((h) => facts.discovery[h.name]?.inventory);
  const failed = working.filter((h) => (facts.discovery[h.name]?.problems.length ?? 0) > 0);
  const allDiscovered = working.length > 0 && discovered.length === working.length;
  const missing = project?.missing ?? [];
  const blocking = blockingFindings(facts.findings);

  const cluster: StepStatus = project ? { progress: 'done', note: `${project.name} · ${project.mode}` } : { progress: 'todo', note: 'create or open a project' };
  const hosts: StepStatus = !project
    ? locked('open a project first')
    : working.length > 0
      ? { progress: 'done', note: `${working.length} host${working.length === 1 ? '' : 's'}` }
      : { progress: 'todo', note: 'no hosts yet' };
  const discover: StepStatus =
    working.length === 0
      ? locked('add hosts first')
      : failed.length > 0
        ? { progress: 'attention', note: `${failed.length} host${failed.length === 1 ? '' : 's'} with problems` }
        : !allDiscovered
          ? { progress: 'todo', note: `${discovered.length} of ${working.length} discovered` }
          : blocking.length > 0
            ? { progress: 'attention', note: `${blocking.length} failed check${blocking.length === 1 ? '' : 's'}` }
            : { progress: 'done', note: facts.findings ? 'discovered, checked' : 'discovered' };
  const roles: StepStatus =
    discovered.length === 0
      ? locked('discover the hosts first')
      : missing.length > 0
        ? { progress: 'attention', note: `${missing.length} thing${missing.length === 1 ? '' : 's'} to choose` }
        : { progress: allDiscovered ? 'done' : 'todo', note: 'roles and capture NICs set' };
  const planReady = allDiscovered && missing.length === 0;
  const plan: StepStatus = !planReady
    ? locked(missing.length > 0 ? 'choose roles and NICs first' : 'discover every host first')
    : facts.plan.plan === null || facts.plan.stale
      ? { progress: 'todo', note: facts.plan.stale ? 'hosts changed: plan again' : 'not planned yet' }
      : facts.plan.plan.errors > 0
        ? { progress: 'attention', note: `${facts.plan.plan.errors} step${facts.plan.plan.errors === 1 ? '' : 's'} could not be checked` }
        : { progress: 'done', note: `${facts.plan.plan.changes} change${facts.plan.plan.changes === 1 ? '' : 's'}` };
  const install: StepStatus = latestRun
    ? latestRun.status === 'running'
      ? { progress: 'running', note: latestRun.paused ? 'paused' : 'installing…' }
      : latestRun.status === 'succeeded'
        ? { progress: 'done', note: 'succeeded' }
        : { progress: 'attention', note: latestRun.status }
    : planReady
      ? { progress: 'todo', note: 'not started' }
      : locked('plan first');
  const done: StepStatus = latestRun && latestRun.status !== 'running' ? { progress: latestRun.status === 'succeeded' ? 'done' : 'todo', note: latestRun.run } : locked('install first');
  return { cluster, hosts, discover, roles, plan, install, done };
}

/** Where a page that loads now picks up. */
export function resumeStep(facts: WizardFacts): StepId {
  if (facts.latestRun) return facts.latestRun.status === 'succeeded' ? 'done' : 'install';
  const statuses = stepStatuses(facts);
  return WIZARD_STEPS.find((s) => statuses[s.id].progress !== 'done')?.id ?? 'done';
}
