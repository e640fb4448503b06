/**
 * inventory.run, preflight.run and plan.get: discovery of the open project's hosts (each host's inventory sent as it
 * arrives), the preflight checks judged against the spec's waivers, and what apply would change (made once for every
 * face asking meanwhile, and told to all of them).
 */
import type { JudgedFinding as ContractFinding } from '../../contract/judged-finding.ts';
import type { ClusterSession, DiscoverOptions } from '../../engine/cluster-session.ts';
import { planSteps } from '../../engine/step-runner.ts';
import type { Step } from '../../engine/step.ts';
import type { Finding } from '../../preflight/finding.ts';
import { runPreflight } from '../../preflight/run-preflight.ts';
import { blockingFindings, judgeFindings, type JudgedFinding } from '../../preflight/waivers.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import { hostSummaries, inventoryHostEvent } from '../host-summary.ts';
import { planReport, type PlanReport } from '../plan-report.ts';
import { RequestFailure } from '../request-failure.ts';

/** `known`: an inventory still valid for a host, used instead of probing it again. */
export async function discoverHosts(engine: EngineService, session: ClusterSession, known?: DiscoverOptions['known']): Promise<void> {
  await session.discover((host) => engine.emit(inventoryHostEvent(session, host)), known ? { known } : {});
  engine.markDiscovered();
  engine.publishHosts();
}

/** Discovers the project unless it was already (as `picket plan` does before planning). */
export async function ensureDiscovered(engine: EngineService, session: ClusterSession): Promise<void> {
  if (!engine.discovered) await discoverHosts(engine, session);
}

/** Planning needs every host inventoried and its capture NICs matched. */
export function requirePlannable(session: ClusterSession): void {
  const problems = session.problems();
  if (problems.length > 0) throw new RequestFailure('HostProblems', `${problems.length} problem(s) stop planning:\n${problems.join('\n')}`);
}

export async function judgedPreflight(engine: EngineService, session: ClusterSession, captureSeconds: number): Promise<JudgedFinding[]> {
  const findings = await runPreflight(session.preflightTargets(), { mode: session.spec.mode, captureSeconds, signal: engine.signal });
  engine.rememberFindings(findings);
  return publishJudged(engine, session, findings);
}

/** Judges findings against the spec's waivers and tells the faces. */
export function publishJudged(engine: EngineService, session: ClusterSession, findings: Finding[]): JudgedFinding[] {
  const judged = judgeFindings(findings, session.spec.preflight?.waive ?? []);
  engine.emit({ type: 'preflight.findings', findings: judged.map(contractFinding) });
  return judged;
}

export function contractFinding(judged: JudgedFinding): ContractFinding {
  return { ...judged.finding, waiver: judged.waiver ? { reason: judged.waiver.reason } : null };
}

export function stepsOf(session: ClusterSession, phase: string | undefined): Step[] {
  const phases = session.phases();
  if (phase !== undefined && !phases.some((p) => p.name === phase)) {
    throw new RequestFailure('UnknownPhase', `there is no phase "${phase}" (phases: ${phases.map((p) => p.name).join(', ')})`);
  }
  return phases.filter((p) => phase === undefined || p.name === phase).flatMap((p) => p.steps);
}

export async function planOf(engine: EngineService, session: ClusterSession, steps: Step[]): Promise<PlanReport> {
  const planned = await planSteps(steps, { hosts: session.accessMap(), signal: engine.signal });
  return planReport(session.hosts.filter((h) => h.plan), planned);
}

export function discoveryHandlers(engine: EngineService): Pick<RequestHandlers, 'inventory.run' | 'preflight.run' | 'plan.get'> {
  return {
    'inventory.run': () =>
      engine.exclusive('discovery', async () => {
        const session = engine.current();
        await discoverHosts(engine, session);
        return { hosts: hostSummaries(session, true) };
      }),
    'preflight.run': ({ captureSeconds }) =>
      engine.exclusive('preflight', async () => {
        const session = engine.current();
        await ensureDiscovered(engine, session);
        const judged = await judgedPreflight(engine, session, captureSeconds ?? 5);
        return { findings: judged.map(contractFinding), blocking: blockingFindings(judged).length };
      }),
    'plan.get': ({ phase }) =>
      engine.sharedPlan(phase, () =>
        engine.exclusive('planning', async () => {
          const session = engine.current();
          await ensureDiscovered(engine, session);
          requirePlannable(session);
          const plan = await planOf(engine, session, stepsOf(session, phase));
          engine.emit({ type: 'plan.ready', ...(phase === undefined ? {} : { phase }), plan });
          return plan;
        }),
      ),
  };
}
