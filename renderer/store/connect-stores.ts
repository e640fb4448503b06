/**
 * The stores of the page, and how they follow the engine: every event goes through each store's reducer (a
 * store an event is not about keeps its state, and its listeners are not woken). Only once they listen does the
 * page tell the engine it is ready, so the events the engine kept for it (the snapshot) are not lost.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { EngineClient } from '../api/engine-client.ts';
import { createConnectionStore } from './connection-store.ts';
import { createDiscoveryStore, reduceDiscovery } from './discovery-store.ts';
import { createHostKeyStore, reduceHostKeys } from './host-key-store.ts';
import { createPlanStore, reducePlan } from './plan-store.ts';
import { createProjectStore, reduceProject } from './project-store.ts';
import { createRunStore, reduceRuns } from './run-store.ts';

export function createStores() {
  return {
    project: createProjectStore(),
    discovery: createDiscoveryStore(),
    runs: createRunStore(),
    hostKeys: createHostKeyStore(),
    plan: createPlanStore(),
    connection: createConnectionStore(),
  };
}

export type Stores = ReturnType<typeof createStores>;

function follow<S>(store: StoreApi<S>, reduce: (state: S, event: EngineEvent) => S): (event: EngineEvent) => void {
  return (event) => store.setState((state) => reduce(state, event), true);
}

/** Returns the function that stops following. */
export function connectStores(client: EngineClient, stores: Stores): () => void {
  const reducers = [
    follow(stores.project, reduceProject),
    follow(stores.discovery, reduceDiscovery),
    follow(stores.runs, reduceRuns),
    follow(stores.hostKeys, reduceHostKeys),
    follow(stores.plan, reducePlan),
  ];
  const stopEvents = client.onAny((event) => {
    for (const reduce of reducers) reduce(event);
  });
  stores.connection.setState({ state: client.state });
  const stopState = client.onStateChange((state) => stores.connection.setState({ state }));
  client.ready();
  return () => {
    stopEvents();
    stopState();
  };
}
