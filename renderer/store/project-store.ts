/**
 * The open project and its hosts, mirrored from the engine's entity events (created / updated / removed, each
 * carrying the whole value, so the mirror replaces and never merges). Hosts keep the order the engine announced
 * them in, which is cluster.yaml's.
 */
import { createStore } from 'zustand/vanilla';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { HostSummary, ProjectInfo } from '../../provisioning/contract/project-summary.ts';

export interface ProjectState {
  project: ProjectInfo | null;
  hosts: HostSummary[];
}

export const EMPTY_PROJECT: ProjectState = { project: null, hosts: [] };

function withHost(hosts: HostSummary[], host: HostSummary): HostSummary[] {
  const at = hosts.findIndex((h) => h.name === host.name);
  if (at < 0) return [...hosts, host];
  return hosts.map((h, i) => (i === at ? host : h));
}

/** The state after one event; the same object when the event is not about the project or its hosts. */
export function reduceProject(state: ProjectState, event: EngineEvent): ProjectState {
  if (event.type === 'entity.created' || event.type === 'entity.updated') {
    const { entity } = event;
    if (entity.kind === 'project') return { ...state, project: entity.value };
    if (entity.kind === 'host') return { ...state, hosts: withHost(state.hosts, entity.value) };
    return state;
  }
  if (event.type === 'entity.removed') {
    if (event.kind === 'project' && state.project?.dir === event.id) return EMPTY_PROJECT;
    if (event.kind === 'host') return { ...state, hosts: state.hosts.filter((h) => h.name !== event.id) };
  }
  return state;
}

export function createProjectStore() {
  return createStore<ProjectState>(() => EMPTY_PROJECT);
}

/** Hosts the engine works on: a host with no roles is only a jump host, reached through and never worked on. */
export function workingHosts(hosts: HostSummary[]): HostSummary[] {
  return hosts.filter((h) => h.roles.length > 0);
}
