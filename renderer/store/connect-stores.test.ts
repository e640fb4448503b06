import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { ConnectionState, EngineClient } from '../api/engine-client.ts';
import { EventListeners } from '../api/event-listeners.ts';
import { connectStores, createStores } from './connect-stores.ts';

/** A client the test feeds events to; it records when the page said ready. */
function fakeClient() {
  const listeners = new EventListeners();
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const log: string[] = [];
  const client: EngineClient = {
    request: () => Promise.resolve({ ok: false, error: { name: 'NotImplemented', message: 'fake' } }),
    on: (type, listener) => listeners.on(type, listener),
    onAny: (listener) => {
      log.push('listening');
      return listeners.onAny(listener);
    },
    ready: () => log.push('ready'),
    state: 'open',
    onStateChange: (listener) => {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close: () => undefined,
  };
  return { client, log, emit: (event: EngineEvent) => listeners.dispatch(event), setState: (s: ConnectionState) => stateListeners.forEach((l) => l(s)) };
}

describe('connectStores', () => {
  it('listens before telling the engine it is ready, so the snapshot it then sends is not lost', () => {
    const fake = fakeClient();
    connectStores(fake.client, createStores());
    expect(fake.log).toEqual(['listening', 'ready']);
  });

  it('hands every event to every store, and mirrors the connection', () => {
    const fake = fakeClient();
    const stores = createStores();
    const stop = connectStores(fake.client, stores);
    const projectBefore = stores.project.getState();
    let woken = 0;
    stores.project.subscribe(() => woken++);
    fake.emit({ type: 'inventory.host', host: 'h1', status: 'inventoried', inventory: null, problems: ['unreachable'] });
    fake.emit({ type: 'run.started', run: 'r1', steps: [] });
    expect(stores.discovery.getState().byHost.h1?.problems).toEqual(['unreachable']);
    expect(stores.runs.getState().order).toEqual(['r1']);
    // Events not about the project leave its store alone: its listeners are not woken.
    expect(stores.project.getState()).toBe(projectBefore);
    expect(woken).toBe(0);
    expect(stores.connection.getState().state).toBe('open');
    fake.setState('closed');
    expect(stores.connection.getState().state).toBe('closed');
    stop();
    fake.emit({ type: 'run.started', run: 'r2', steps: [] });
    expect(stores.runs.getState().order).toEqual(['r1']);
  });
});
