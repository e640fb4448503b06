/**
 * The desktop face's transport: Electron IPC through the preload's narrow `window.picket` API. NOT WRITTEN YET —
 * the preload exposes no request or event channel so far (electron/preload.ts). Until it does, this client says
 * it is closed and answers every request with NotImplemented, so the UI shows why nothing works instead of
 * hanging. To write it: give the preload `request(name, payload)` and `onEvent(listener)` / `ready()`, and map
 * them here onto EngineClient exactly as ws-transport.ts maps the WebSocket (responses checked against the
 * contract, events dispatched through EventListeners).
 */
import type { EngineResponse, RequestName, RequestPayload } from '../../provisioning/contract/requests.ts';
import type { EngineClient } from './engine-client.ts';
import { EventListeners } from './event-listeners.ts';

/** What electron/preload.ts exposes as `window.picket` today. */
export interface PicketPreloadApi {
  readonly face: 'desktop';
}

export function createIpcTransport(_bridge: PicketPreloadApi): EngineClient {
  const listeners = new EventListeners();
  return {
    request<N extends RequestName>(name: N, _payload: RequestPayload<N>): Promise<EngineResponse<N>> {
      return Promise.resolve({ ok: false, error: { name: 'NotImplemented', message: `${name}: the desktop app's IPC transport is not written yet; use picket serve meanwhile` } });
    },
    on: (type, listener) => listeners.on(type, listener),
    onAny: (listener) => listeners.onAny(listener),
    ready: () => undefined,
    state: 'closed',
    onStateChange: () => () => undefined,
    close: () => undefined,
  };
}
