/**
 * The engine client over the WebSocket of `picket serve`. Requests are numbered and matched to their responses;
 * each response is checked against its request's result schema (a server of another version shows up as a clear
 * error, not as a wrong-shaped object deep in the UI). Messages sent before the socket opens wait for it; when it
 * closes, every waiting request is answered with a Disconnected error.
 */
import type { EngineResponse, RequestName, RequestPayload } from '../../provisioning/contract/requests.ts';
import { checkedAnswer, failedAnswer as failed, isRequestName, unknownRequest } from './checked-answer.ts';
import { ServerMessageSchema, type ClientMessage } from '../../provisioning/contract/wire.ts';
import type { ConnectionState, EngineClient } from './engine-client.ts';
import { EventListeners } from './event-listeners.ts';

/** What the transport uses of a WebSocket: the browser's has it, and so has the `ws` package's client. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WsTransportOptions {
  /** Makes the socket; the browser's WebSocket by default. */
  createSocket?: (url: string) => WebSocketLike;
}

const OPEN = 1;

type Settle = (response: EngineResponse<RequestName>) => void;

function browserSocket(url: string): WebSocketLike {
  // The browser's global; declared here so this file needs no DOM typings to compile.
  const { WebSocket } = globalThis as unknown as { WebSocket: new (url: string) => WebSocketLike };
  return new WebSocket(url);
}


export function createWsTransport(url: string, options: WsTransportOptions = {}): EngineClient {
  const socket = (options.createSocket ?? browserSocket)(url);
  const listeners = new EventListeners();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Map<number, { name: RequestName; settle: Settle }>();
  const outgoing: ClientMessage[] = [];
  let state: ConnectionState = 'connecting';
  let nextId = 1;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of stateListeners) listener(next);
  };
  const send = (message: ClientMessage) => {
    if (state === 'open' && socket.readyState === OPEN) socket.send(JSON.stringify(message));
    else if (state === 'connecting') outgoing.push(message);
  };

  socket.addEventListener('open', () => {
    setState('open');
    for (const message of outgoing.splice(0)) socket.send(JSON.stringify(message));
  });
  socket.addEventListener('close', () => {
    if (state === 'closed') return;
    setState('closed');
    for (const { settle } of pending.values()) settle(failed('Disconnected', 'the connection to picket serve closed before it answered (is it still running?)'));
    pending.clear();
  });
  socket.addEventListener('error', () => undefined); // a close always follows, and says it
  socket.addEventListener('message', (event) => {
    let value: unknown;
    try {
      value = JSON.parse(String(event.data));
    } catch {
      return;
    }
    const parsed = ServerMessageSchema.safeParse(value);
    if (!parsed.success) {
      console.error('picket: a message from the engine does not fit the contract', parsed.error);
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') return listeners.dispatch(message.event);
    if (message.id === null) return; // an answer to a message this client never sends (malformed)
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    waiting.settle(checkedAnswer(waiting.name, message.response));
  });

  return {
    request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<EngineResponse<N>> {
      if (state === 'closed') return Promise.resolve(failed('Disconnected', 'not connected to picket serve') as EngineResponse<N>);
      // An untyped caller's unknown name would otherwise wait forever: no schema could check its answer.
      if (!isRequestName(name)) return Promise.resolve(unknownRequest(name) as EngineResponse<N>);
      const id = nextId++;
      return new Promise<EngineResponse<N>>((resolve) => {
        pending.set(id, { name, settle: resolve as Settle });
        send({ type: 'request', id, name, payload });
      });
    },
    on: (type, listener) => listeners.on(type, listener),
    onAny: (listener) => listeners.onAny(listener),
    ready: () => send({ type: 'ready' }),
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close: () => socket.close(1000, 'closed by the UI'),
  };
}
