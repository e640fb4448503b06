/**
 * Every request of the contract, handled. What the engine cannot do yet answers NotImplemented (as data), so a
 * face can be built against the whole contract now.
 */
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import { notImplemented, RequestFailure } from '../request-failure.ts';
import { applyHandlers } from './apply-handlers.ts';
import { discoveryHandlers } from './discovery-handlers.ts';
import { projectHandlers } from './project-handlers.ts';

export function requestHandlers(engine: EngineService): RequestHandlers {
  return {
    ...projectHandlers(engine),
    ...discoveryHandlers(engine),
    ...applyHandlers(engine),
    'hostKey.confirm': async ({ promptId, accept }) => {
      if (!engine.hostKeys.answer(promptId, accept)) {
        throw new RequestFailure('NoSuchPrompt', 'that host-key question is no longer open: it was answered in another window, or expired');
      }
      return { promptId, accepted: accept };
    },
    'hosts.add': async () => notImplemented('hosts.add', 'add the host to cluster.yaml and store its password with picket secret set NAME'),
    'hosts.remove': async () => notImplemented('hosts.remove', 'remove the host from cluster.yaml'),
    'step.retry': async () => notImplemented('step.retry', 'start apply again: it resumes the run and retries what failed'),
    'step.skip': async () => notImplemented('step.skip', "name the step in apply.start's skip, with a reason"),
    'step.revert': async () => notImplemented('step.revert', 'run picket reset --step STEP'),
    'terminal.open': async () => notImplemented('terminal.open', 'use ssh; step output streams as step.output events'),
    'terminal.input': async () => notImplemented('terminal.input', 'use ssh'),
    'terminal.resize': async () => notImplemented('terminal.resize', 'use ssh'),
    'terminal.ack': async () => notImplemented('terminal.ack', 'use ssh'),
    'terminal.close': async () => notImplemented('terminal.close', 'use ssh'),
  };
}
