/**
 * The engine client in the desktop app: Electron IPC through the preload's narrow `window.picket` API
 * (provisioning/contract/desktop-bridge.ts). It maps that API onto EngineClient as ws-transport.ts maps the
 * WebSocket: each answer is checked against its request's response schema and each event against the contract
 * (the main process is trusted no more than a server), events reach listeners through EventListeners, and
 * closing answers every waiting request with Disconnected. IPC has no connecting phase: the client is open
 * from the start until closed.
 */
import type { PicketDesktopApi } from '../../provisioning/contract/desktop-bridge.ts';
import { EngineEventSchema } from '../../provisioning/contract/events.ts';
import type { EngineResponse, RequestName, RequestPayload } from '../../provisioning/contract/requests.ts';
import { checkedAnswer, failedAnswer as failed, isRequestName, unknownRequest } from './checked-answer.ts';
import { WireResponseSchema } from '../../provisioning/contract/wire.ts';
import type { ConnectionState, EngineClient } from './engine-client.ts';
import { EventListeners } from './event-listeners.ts';

type Settle = (response: EngineResponse<RequestName>) => void;

export function createIpcTransport(bridge: PicketDesktopApi): EngineClient {
  const listeners = new EventListeners();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  const pending = new Set<Settle>();
  let state: ConnectionState = 'open';

  const stopHearing = bridge.onEvent((value) => {
    const parsed = EngineEventSchema.safeParse(value);
    if (!parsed.success) {
      console.error('picket: an event from the engine does not fit the contract', parsed.error);
      return;
    }
    listeners.dispatch(parsed.data);
  });

  return {
    request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<EngineResponse<N>> {
      if (state === 'closed') return Promise.resolve(failed('Disconnected', 'the window closed its connection to the engine') as EngineResponse<N>);
      // Typed callers cannot get this wrong; an untyped one gets an answer, not a throw.
      if (!isRequestName(name)) return Promise.resolve(unknownRequest(name) as EngineResponse<N>);
      return new Promise<EngineResponse<N>>((resolve) => {
        const settle = resolve as Settle;
        pending.add(settle);
        const answer = (response: EngineResponse<RequestName>) => {
          if (pending.delete(settle)) settle(response);
        };
        bridge.request(name, payload).then(
          (value) => answer(checkedAnswer(name, value)),
          (error: unknown) => answer(failed('IpcFailed', `${name} did not reach the engine: ${error instanceof Error ? error.message : String(error)}`)),
        );
      });
    },
    on: (type, listener) => listeners.on(type, listener),
    onAny: (listener) => listeners.onAny(listener),
    ready() {
      void bridge.ready().then((value) => {
        const answer = WireResponseSchema.safeParse(value);
        if (!answer.success || !answer.data.ok) console.error('picket: the engine did not take ready', answer.success ? answer.data : answer.error);
      });
    },
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      if (state === 'closed') return;
      state = 'closed';
      stopHearing();
      for (const settle of [...pending]) settle(failed('Disconnected', 'the window closed its connection to the engine'));
      pending.clear();
      for (const listener of stateListeners) listener(state);
    },
  };
}
