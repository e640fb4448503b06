/** Whether the page is connected to the engine (the WebSocket of picket serve, or the desktop app's IPC). */
import { createStore } from 'zustand/vanilla';
import type { ConnectionState } from '../api/engine-client.ts';

export interface ConnectionStoreState {
  state: ConnectionState;
}

export function createConnectionStore() {
  return createStore<ConnectionStoreState>(() => ({ state: 'connecting' }));
}
