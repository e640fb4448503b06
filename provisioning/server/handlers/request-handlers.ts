/** Every request of the contract, handled. */
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import type { Face } from '../face.ts';
import { RequestFailure } from '../request-failure.ts';
import { applyHandlers } from './apply-handlers.ts';
import { discoveryHandlers } from './discovery-handlers.ts';
import { hostHandlers } from './host-handlers.ts';
import { labHandlers } from './lab-handlers.ts';
import { projectHandlers } from './project-handlers.ts';
import { stepHandlers } from './step-handlers.ts';
import { terminalHandlers } from './terminal-handlers.ts';
import { waiverHandlers } from './waiver-handlers.ts';

/** The handlers of one face: most share the engine's state; its terminals are its own. */
export function requestHandlers(engine: EngineService, face: Face): RequestHandlers {
  return {
    ...projectHandlers(engine),
    ...discoveryHandlers(engine),
    ...applyHandlers(engine),
    ...stepHandlers(engine),
    ...waiverHandlers(engine),
    ...hostHandlers(engine),
    ...terminalHandlers(engine, face),
    ...labHandlers(engine, face),
    'hostKey.confirm': async ({ promptId, accept }) => {
      if (!engine.hostKeys.answer(promptId, accept)) {
        throw new RequestFailure('NoSuchPrompt', 'that host-key question is no longer open: it was answered in another window, or expired');
      }
      return { promptId, accepted: accept };
    },
  };
}
