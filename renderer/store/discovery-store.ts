/**
 * What discovery found, per host (inventory.host: its inventory, or the problems that stopped it), and the last
 * preflight findings. A host removed from the project takes its inventory with it; another project, everything.
 */
import { createStore } from 'zustand/vanilla';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { JudgedFinding } from '../../provisioning/contract/judged-finding.ts';
import type { HostStatus } from '../../provisioning/contract/project-summary.ts';
import type { HostInventory } from '../../provisioning/inventory/host-inventory.ts';

export interface HostDiscovery {
  status: HostStatus;
  inventory: HostInventory | null;
  problems: string[];
}

export interface DiscoveryState {
  byHost: Record<string, HostDiscovery>;
  /** null: preflight has not run for this project yet. */
  findings: JudgedFinding[] | null;
}

export const EMPTY_DISCOVERY: DiscoveryState = { byHost: {}, findings: null };

export function reduceDiscovery(state: DiscoveryState, event: EngineEvent): DiscoveryState {
  switch (event.type) {
    case 'inventory.host':
      return { ...state, byHost: { ...state.byHost, [event.host]: { status: event.status, inventory: event.inventory, problems: event.problems } } };
    case 'preflight.findings':
      return { ...state, findings: event.findings };
    case 'entity.removed': {
      if (event.kind === 'project') return EMPTY_DISCOVERY;
      if (event.kind !== 'host' || !(event.id in state.byHost)) return state;
      const { [event.id]: _gone, ...rest } = state.byHost;
      return { ...state, byHost: rest };
    }
    default:
      return state;
  }
}

export function createDiscoveryStore() {
  return createStore<DiscoveryState>(() => EMPTY_DISCOVERY);
}
