/**
 * What a face that connects later (a reloaded page, a second window) must still see of what already happened:
 * the last preflight findings, and each recent run as it stands — its steps, each step's latest state and the end
 * of its output. Replayed after the snapshot's entities, so a reload resumes where the page was.
 */
import type { EngineEvent, EventOf } from '../contract/events.ts';

/** Output kept per step for a late face: the end of it (the step's terminal has all of it). */
const OUTPUT_TAIL_CHARS = 32 * 1024;
/** Runs remembered; older ones are in their journals. */
const RUNS_KEPT = 4;

interface RememberedRun {
  started: EventOf<'run.started'>;
  states: Map<string, EventOf<'step.state'>>;
  output: Map<string, EventOf<'step.output'>>;
  finished?: EventOf<'run.finished'>;
}

export class EventReplay {
  private findings: EventOf<'preflight.findings'> | undefined;
  private readonly runs = new Map<string, RememberedRun>();

  remember(event: EngineEvent): void {
    switch (event.type) {
      case 'preflight.findings':
        this.findings = event;
        return;
      case 'run.started':
        this.runs.set(event.run, { started: event, states: new Map(), output: new Map() });
        while (this.runs.size > RUNS_KEPT) this.runs.delete(this.runs.keys().next().value!);
        return;
      case 'step.state':
        this.runs.get(event.run)?.states.set(event.step, event);
        return;
      case 'step.output': {
        const run = this.runs.get(event.run);
        if (!run) return;
        const text = `${run.output.get(event.step)?.text ?? ''}${event.text}`;
        run.output.set(event.step, { ...event, text: text.length > OUTPUT_TAIL_CHARS ? text.slice(-OUTPUT_TAIL_CHARS) : text });
        return;
      }
      case 'run.finished': {
        const run = this.runs.get(event.run);
        if (run) run.finished = event;
        return;
      }
      default:
    }
  }

  /** Another project was opened: its findings are not this one's (its runs are kept, as the engine keeps them). */
  forgetFindings(): void {
    this.findings = undefined;
  }

  events(): EngineEvent[] {
    const events: EngineEvent[] = this.findings ? [this.findings] : [];
    for (const run of this.runs.values()) {
      events.push(run.started, ...run.states.values(), ...run.output.values());
      if (run.finished) events.push(run.finished);
    }
    return events;
  }
}
