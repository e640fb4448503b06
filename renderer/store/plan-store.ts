/**
 * The last plan the engine made (plan.ready, which every page hears, a reloaded one in its snapshot). It is the
 * engine's answer, kept so going back and forth does not ask again; any change to the hosts (their roles, NICs,
 * inventory) marks it stale, to be asked again.
 */
import { createStore } from 'zustand/vanilla';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { ReceivedResult } from '../../provisioning/contract/requests.ts';

export type PlanResult = ReceivedResult<'plan.get'>;

export interface PlanState {
  plan: PlanResult | null;
  /** The hosts changed since this plan was made. */
  stale: boolean;
}

export const EMPTY_PLAN: PlanState = { plan: null, stale: false };

export function reducePlan(state: PlanState, event: EngineEvent): PlanState {
  // One phase's plan is not the project's: the page shows whole plans only.
  if (event.type === 'plan.ready') return event.phase === undefined ? { plan: event.plan, stale: false } : state;
  if (state.plan === null || state.stale) return state;
  const aboutHosts =
    event.type === 'inventory.host' ||
    ((event.type === 'entity.created' || event.type === 'entity.updated') && event.entity.kind === 'host') ||
    (event.type === 'entity.removed' && (event.kind === 'host' || event.kind === 'project'));
  // A run that finished changed the hosts: what was pending is now in sync (or failed).
  return aboutHosts || event.type === 'run.finished' ? { ...state, stale: true } : state;
}

export function createPlanStore() {
  return createStore<PlanState>(() => EMPTY_PLAN);
}
