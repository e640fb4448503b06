/**
 * How every face's requests reach the engine, the same for a browser tab and the desktop window: the face's own
 * handlers (its terminals are its own) behind the one dispatcher that checks names, payloads and results.
 */
import { dispatchRequest } from './dispatch-request.ts';
import type { EngineService } from './engine-service.ts';
import type { Face } from './face.ts';
import type { Dispatch } from './face-session.ts';
import { requestHandlers } from './handlers/request-handlers.ts';

export function faceDispatcher(engine: EngineService, log: (line: string) => void): (face: Face) => Dispatch {
  return (face) => {
    const handlers = requestHandlers(engine, face);
    return (name, payload) => dispatchRequest(handlers, name, payload, log);
  };
}
