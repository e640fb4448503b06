/** The engine's own run events, as the contract sends them: the same facts, with the run each belongs to. */
import type { EngineEvent as ContractEvent } from '../contract/events.ts';
import type { EngineEvent } from '../engine/engine-events.ts';

export function contractEventOf(event: EngineEvent, run: string): ContractEvent {
  switch (event.type) {
    case 'run-started':
      return { type: 'run.started', run: event.run, steps: event.steps };
    case 'step-state':
      return { type: 'step.state', run, step: event.step, host: event.host, state: event.state, ...(event.detail === undefined ? {} : { detail: event.detail }) };
    case 'step-output':
      return { type: 'step.output', run, step: event.step, host: event.host, text: event.text };
    case 'run-finished':
      return { type: 'run.finished', run: event.run, outcome: event.outcome };
  }
}
