/**
 * How the UI talks to the engine, whatever carries it: the WebSocket of `picket serve` (ws-transport.ts) or, in
 * the desktop app, Electron IPC through the preload. Requests are typed by the contract and never throw: a
 * failure, a lost connection included, is an `{ ok: false, error }` answer.
 */
import type { EngineEvent, EventOf, EventType } from '../../provisioning/contract/events.ts';
import type { EngineResponse, RequestName, RequestPayload } from '../../provisioning/contract/requests.ts';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface EngineClient {
  request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<EngineResponse<N>>;
  /** Listens for one type of event; returns the function that stops listening. */
  on<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void;
  onAny(listener: (event: EngineEvent) => void): () => void;
  /**
   * Tells the engine the UI's stores are listening: the events it kept for this face since it connected
   * (the current project, hosts, runs, open host-key questions) arrive now, then every later one. Call once.
   */
  ready(): void;
  readonly state: ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}
