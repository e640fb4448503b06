/**
 * The engine as one `picket serve` runs it: the open project's session, whether it was discovered, the run in
 * progress, the open host-key questions, and the events every connected face receives. It holds state and
 * enforces one rule — one piece of work at a time (discovering, planning, applying …), since they share the
 * hosts' connections; the request handlers hold the behaviour.
 */
import { EngineEventSchema, type EngineEvent } from '../contract/events.ts';
import type { RunSummary } from '../contract/run-summary.ts';
import type { ClusterSession } from '../engine/cluster-session.ts';
import type { StepState } from '../engine/engine-events.ts';
import type { RunControl } from '../engine/run-control.ts';
import type { Finding } from '../preflight/finding.ts';
import type { HostKeyOffer } from '../ssh/connection.ts';
import { EventReplay } from './event-replay.ts';
import { HostKeyPrompts } from './host-key-prompts.ts';
import { hostSummaries, inventoryHostEvent, projectInfo } from './host-summary.ts';
import { RequestFailure } from './request-failure.ts';

export interface EngineServiceOptions {
  /** How long a host-key question waits for an answer before it is declined; as long as it takes by default. */
  hostKeyTimeoutMs?: number;
  /** How long each host's SSH handshake and login may take; tests shorten it (a host-key question never runs inside it). */
  sshReadyTimeoutMs?: number;
  /** Where the server's own problems go (stderr). */
  log?: (line: string) => void;
  /** Where the project last opened is remembered (last-project.ts); nowhere when absent. */
  lastProjectFile?: string;
}

interface ActiveRun {
  run: string;
  controller: AbortController;
  finished: Promise<unknown>;
  /** An apply run's pause and skips; a reset run has none. */
  control: RunControl | undefined;
  /** Each step's latest state in this run, as its events said. */
  states: Map<string, StepState>;
}

/** The run in progress as the request handlers may see it. */
export interface RunInProgress {
  run: string;
  control: RunControl | undefined;
  stateOf(step: string): StepState | undefined;
}

type Listener = (event: EngineEvent) => void;

export class EngineService {
  readonly hostKeys: HostKeyPrompts;
  readonly log: (line: string) => void;
  private readonly listeners = new Set<Listener>();
  private readonly lifetime = new AbortController();
  private session: ClusterSession | undefined;
  private discoveredFlag = false;
  private work: string | undefined;
  private active: ActiveRun | undefined;
  private readonly runs = new Map<string, RunSummary>();
  private readonly replay = new EventReplay();
  /** The last preflight findings as the checks said them, to judge again when the waivers change. */
  private findings: Finding[] | undefined;
  /** The plan being made, and of which phase ('' for all): a second request for it waits for the same one. */
  private planning: { phase: string; plan: Promise<unknown> } | undefined;

  /** How the sessions this engine opens reach their hosts. */
  readonly sshReadyTimeoutMs: number | undefined;
  readonly lastProjectFile: string | undefined;

  constructor(options: EngineServiceOptions = {}) {
    this.log = options.log ?? ((line) => console.error(line));
    this.sshReadyTimeoutMs = options.sshReadyTimeoutMs;
    this.lastProjectFile = options.lastProjectFile;
    this.hostKeys = new HostKeyPrompts((event) => this.emit(event), options.hostKeyTimeoutMs);
  }

  /** Aborted when the server stops: long work (discovery, preflight, plan) ends with it. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events go out only in the contract's shape: one that does not fit is a bug, logged and never sent. */
  emit(event: EngineEvent): void {
    const checked = EngineEventSchema.safeParse(event);
    if (!checked.success) {
      this.log(`picket serve: dropped a ${event.type} event that breaks the contract: ${checked.error.message}`);
      return;
    }
    this.replay.remember(checked.data);
    for (const listener of this.listeners) listener(checked.data);
  }

  /**
   * What a face connecting now must know: the project, its hosts (with what discovery found) and runs, the last
   * findings and plan, each recent run's steps as they stand, and the open host-key questions.
   */
  snapshot(): EngineEvent[] {
    const events: EngineEvent[] = this.replay.beforeEntities();
    if (this.session) {
      const session = this.session;
      const project = projectInfo(session.project);
      events.push({ type: 'entity.created', entity: { kind: 'project', id: project.dir, value: project } });
      for (const host of hostSummaries(session, this.discoveredFlag)) events.push({ type: 'entity.created', entity: { kind: 'host', id: host.name, value: host } });
      if (this.discoveredFlag) events.push(...session.hosts.map((host) => inventoryHostEvent(session, host)));
    }
    for (const run of this.runs.values()) events.push({ type: 'entity.created', entity: { kind: 'run', id: run.run, value: run } });
    events.push(...this.replay.events());
    events.push(...this.hostKeys.pending());
    return events;
  }

  /** The open project's session, or a failure saying to open one. */
  current(): ClusterSession {
    if (!this.session) throw new RequestFailure('NoProject', 'no project is open: open one first (project.open)');
    return this.session;
  }

  get discovered(): boolean {
    return this.discoveredFlag;
  }

  /** Replaces the open project (the old session's connections are closed) and tells the faces. */
  setSession(session: ClusterSession): void {
    const old = this.session;
    if (old) {
      for (const host of old.spec.hosts) this.emit({ type: 'entity.removed', kind: 'host', id: host.name });
      this.emit({ type: 'entity.removed', kind: 'project', id: old.project.dir });
      old.close();
    }
    const sameProject = old?.project.dir === session.project.dir;
    this.session = session;
    this.discoveredFlag = false;
    this.replay.forgetFindings();
    // The same project reopened (cluster.yaml edited) keeps its last findings, to be judged again; another forgets them.
    if (!sameProject) {
      this.findings = undefined;
      this.replay.forgetPlan();
    }
    const project = projectInfo(session.project);
    this.emit({ type: 'entity.created', entity: { kind: 'project', id: project.dir, value: project } });
    for (const host of hostSummaries(session, false)) this.emit({ type: 'entity.created', entity: { kind: 'host', id: host.name, value: host } });
  }

  /** The last preflight findings of the open project, unjudged; undefined before preflight ran. */
  get lastFindings(): Finding[] | undefined {
    return this.findings;
  }

  rememberFindings(findings: Finding[]): void {
    this.findings = findings;
  }

  markDiscovered(): void {
    this.discoveredFlag = true;
  }

  /** Tells the faces the current state of every host. */
  publishHosts(): void {
    if (!this.session) return;
    for (const host of hostSummaries(this.session, this.discoveredFlag)) this.emit({ type: 'entity.updated', entity: { kind: 'host', id: host.name, value: host } });
  }

  /**
   * Claims the engine for one piece of work, or fails saying what runs. The returned release may be called more
   * than once; host-key questions the work left open are declined when it ends.
   */
  claim(what: string): () => void {
    if (this.lifetime.signal.aborted) throw new RequestFailure('Stopping', 'picket serve is stopping');
    if (this.work !== undefined) throw new RequestFailure('Busy', `${this.work} is in progress: wait for it to finish${this.active ? ` (or cancel run ${this.active.run})` : ''}`);
    this.work = what;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.work = undefined;
      this.hostKeys.expireAll();
    };
  }

  async exclusive<T>(what: string, work: () => Promise<T>): Promise<T> {
    const release = this.claim(what);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /**
   * Makes the plan of `phase` (undefined: every phase) once however many faces ask while it is being made: a
   * request that arrives meanwhile gets the same answer (or failure) instead of being refused as busy.
   */
  sharedPlan<T>(phase: string | undefined, make: () => Promise<T>): Promise<T> {
    const key = phase ?? '';
    if (this.planning?.phase === key) return this.planning.plan as Promise<T>;
    const plan = make();
    const planning = { phase: key, plan };
    this.planning = planning;
    const done = () => {
      if (this.planning === planning) this.planning = undefined;
    };
    plan.then(done, done);
    return plan;
  }

  /** What ClusterSession asks on first contact with an unpinned host. */
  confirmNewHost = (offer: HostKeyOffer): Promise<boolean> => {
    const named = this.session?.spec.hosts.find((h) => h.address === offer.host)?.name;
    return this.hostKeys.ask(offer, named ?? offer.host);
  };

  /** The run being applied now (its steps may still write to their logs), if any. */
  get runInProgress(): string | undefined {
    return this.active?.run;
  }

  /** The run in progress, with its control and its steps' states; undefined when none runs. */
  get activeRun(): RunInProgress | undefined {
    const active = this.active;
    if (!active) return undefined;
    return { run: active.run, control: active.control, stateOf: (step) => active.states.get(step) };
  }

  beginRun(run: RunSummary, controller: AbortController, finished: Promise<unknown>, control?: RunControl): void {
    this.active = { run: run.run, controller, finished, control, states: new Map() };
    this.updateRun(run, 'entity.created');
  }

  /** What the run in progress says of a step (its events pass through here before they go out). */
  noteStepState(run: string, step: string, state: StepState): void {
    if (this.active?.run === run) this.active.states.set(step, state);
  }

  /** The run as the faces last heard of it. */
  runSummary(run: string): RunSummary | undefined {
    return this.runs.get(run);
  }

  updateRun(run: RunSummary, type: 'entity.created' | 'entity.updated' = 'entity.updated'): void {
    this.runs.set(run.run, run);
    this.emit({ type, entity: { kind: 'run', id: run.run, value: run } });
  }

  endRun(run: string): void {
    if (this.active?.run === run) this.active = undefined;
  }

  /** Cancels the run in progress; false if `run` is not it. */
  cancelRun(run: string): boolean {
    if (this.active?.run !== run) return false;
    this.active.controller.abort();
    return true;
  }

  /**
   * Pauses or resumes the apply run in progress and tells the faces (its entity's `paused`); undefined if `run` is
   * not in progress or cannot be paused (a reset).
   */
  setPaused(run: string, paused: boolean): boolean | undefined {
    const active = this.active;
    if (active?.run !== run || !active.control) return undefined;
    if (paused) active.control.pause();
    else active.control.resume();
    const summary = this.runs.get(run);
    if (summary && summary.paused !== paused) this.updateRun({ ...summary, paused });
    return paused;
  }

  /** Stops everything: the run in progress is cancelled (and journaled so) before the hosts' connections close. */
  async close(): Promise<void> {
    this.lifetime.abort();
    const active = this.active;
    if (active) {
      active.controller.abort();
      await active.finished.catch(() => undefined);
    }
    this.hostKeys.expireAll();
    this.session?.close();
    this.listeners.clear();
  }
}
