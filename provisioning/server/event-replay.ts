/**
 * What a face that connects later (a reloaded page, a second window) must still see of what already happened:
 * the last preflight findings, the last (whole) plan, and each recent run as it stands — its steps, each step's
 * latest state and the end of its output. Replayed after the snapshot's entities, so a reload resumes where the
 * page was. The plan keeps its place among the runs (a run that finished after it made it stale, as it did live);
 * one the hosts changed since goes before the entities instead, so a face marks it stale as a live one did.
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
  /** How many runs had started before this one: orders the plan among the runs. */
  order: number;
}

interface RememberedPlan {
  event: EventOf<'plan.ready'>;
  /** Runs started before the plan was made. */
  order: number;
  /** The hosts changed since (discovered again, edited, removed). */
  stale: boolean;
}

export class EventReplay {
  private findings: EventOf<'preflight.findings'> | undefined;
  private readonly runs = new Map<string, RememberedRun>();
  private plan: RememberedPlan | undefined;
  private runsStarted = 0;

  remember(event: EngineEvent): void {
    switch (event.type) {
      case 'preflight.findings':
        this.findings = event;
        return;
      case 'plan.ready':
        // A face keeps only a whole plan; one phase's would not replace it there either.
        if (event.phase === undefined) this.plan = { event, order: this.runsStarted, stale: false };
        return;
      case 'inventory.host':
        this.markPlanStale();
        return;
      case 'entity.created':
      case 'entity.updated':
        if (event.entity.kind === 'host') this.markPlanStale();
        return;
      case 'entity.removed':
        if (event.kind === 'host' || event.kind === 'project') this.markPlanStale();
        return;
      case 'run.started':
        this.runs.set(event.run, { started: event, states: new Map(), output: new Map(), order: this.runsStarted++ });
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

  /** Another project was opened: the plan was the old one's. */
  forgetPlan(): void {
    this.plan = undefined;
  }

  private markPlanStale(): void {
    if (this.plan) this.plan.stale = true;
  }

  /** What goes before the snapshot's entities: a plan the hosts changed since. */
  beforeEntities(): EngineEvent[] {
    return this.plan?.stale ? [this.plan.event] : [];
  }

  events(): EngineEvent[] {
    const events: EngineEvent[] = this.findings ? [this.findings] : [];
    // Sent before the first run that started after it was made.
    let plan = this.plan && !this.plan.stale ? this.plan : undefined;
    for (const run of this.runs.values()) {
      if (plan && run.order >= plan.order) {
        events.push(plan.event);
        plan = undefined;
      }
      events.push(run.started, ...run.states.values(), ...run.output.values());
      if (run.finished) events.push(run.finished);
    }
    if (plan) events.push(plan.event);
    return events;
  }
}
