/**
 * The terminals of one face (one browser tab, one desktop window): each session with its output flow and its
 * resize coalescer, under an id. Events go to that face alone: output is acked by the face that shows it, so it
 * cannot be shared. When the face goes, closeAll() hangs up every one of its shells.
 */
import { randomBytes } from 'node:crypto';
import type { EngineEvent } from '../contract/events.ts';
import type { TerminalInfo } from '../contract/entity-events.ts';
import { ResizeCoalescer } from './resize-coalescer.ts';
import { TerminalError } from './terminal-error.ts';
import { TerminalOutputFlow } from './terminal-output-flow.ts';
import type { TerminalExit, TerminalSession } from './terminal-session.ts';

/** Live terminals one face may hold (each is a PTY, a channel or an open file). */
export const MAX_TERMINALS_PER_FACE = 32;

interface OpenTerminal {
  info: TerminalInfo;
  session: TerminalSession;
  flow: TerminalOutputFlow;
  resize: ResizeCoalescer;
}

export interface FaceTerminalsOptions {
  /** Sends an event to this face only. */
  send: (event: EngineEvent) => void;
  limit?: number;
  /** Runs a function once the answer to terminal.open has gone out (output must not overtake it). */
  afterAnswer?: (start: () => void) => void;
}

export interface OpenRequest {
  /** The host it runs on, as the face named it (or LOCAL_SHELL_HOST). */
  host: string;
  size?: { cols: number; rows: number };
  /** Makes the session; it may take a while (an SSH connection). */
  start: () => Promise<TerminalSession>;
}

export class FaceTerminals {
  private readonly terminals = new Map<string, OpenTerminal>();
  private opening = 0;
  private gone = false;

  constructor(private readonly options: FaceTerminalsOptions) {}

  /** Terminals still running (exited ones wait for terminal.close, but take no slot). */
  get liveCount(): number {
    return [...this.terminals.values()].filter((t) => t.info.status === 'open').length;
  }

  async open(request: OpenRequest): Promise<TerminalInfo> {
    const limit = this.options.limit ?? MAX_TERMINALS_PER_FACE;
    if (this.gone) throw new TerminalError('FaceGone', 'this face has disconnected');
    // Counted before the slow part, so a burst of opens cannot get past the limit together.
    if (this.liveCount + this.opening >= limit) throw new TerminalError('TooManyTerminals', `at most ${limit} terminals may be open at once: close one first`);
    this.opening++;
    let session: TerminalSession;
    try {
      session = await request.start();
    } finally {
      this.opening--;
    }
    if (this.gone) {
      session.close();
      throw new TerminalError('FaceGone', 'this face disconnected while its terminal was opening');
    }
    const id = `term-${randomBytes(8).toString('hex')}`;
    const info: TerminalInfo = { terminal: id, host: request.host, status: 'open' };
    const flow = new TerminalOutputFlow({
      send: (seq, data) => this.options.send({ type: 'terminal.data', terminal: id, seq, data }),
      pause: () => session.pause(),
      resume: () => session.resume(),
    });
    const resize = new ResizeCoalescer((cols, rows) => session.resize(cols, rows), request.size ? { initial: request.size } : {});
    this.terminals.set(id, { info, session, flow, resize });
    session.onExit((exit) => this.exited(id, exit));
    session.onOutput((chunk) => flow.push(chunk));
    this.options.send({ type: 'entity.created', entity: { kind: 'terminal', id, value: info } });
    (this.options.afterAnswer ?? ((start) => setImmediate(start)))(() => flow.start());
    return info;
  }

  input(id: string, data: string): void {
    const terminal = this.live(id);
    if (terminal.session.readOnly) throw new TerminalError('ReadOnlyTerminal', `${id} shows a step's log: it takes no input`);
    terminal.session.write(data);
  }

  resize(id: string, cols: number, rows: number): void {
    this.live(id).resize.request(cols, rows);
  }

  ack(id: string, seq: number): void {
    const terminal = this.find(id);
    if (!terminal.flow.ack(seq)) throw new TerminalError('InvalidAck', `${id} has sent no chunk ${seq} yet (${terminal.flow.chunksSent} so far)`);
  }

  /** Ends a terminal and forgets it; closing one that is already gone is not an error. */
  close(id: string): void {
    const terminal = this.terminals.get(id);
    if (!terminal) return;
    this.terminals.delete(id);
    terminal.resize.dispose();
    terminal.flow.discard();
    if (terminal.info.status === 'open') terminal.session.close();
    this.options.send({ type: 'entity.removed', kind: 'terminal', id });
  }

  /** The face is gone: every terminal is hung up, and none can be opened any more. */
  closeAll(): void {
    this.gone = true;
    for (const terminal of this.terminals.values()) {
      terminal.resize.dispose();
      terminal.flow.discard();
      if (terminal.info.status === 'open') terminal.session.close();
    }
    this.terminals.clear();
  }

  private find(id: string): OpenTerminal {
    const terminal = this.terminals.get(id);
    if (!terminal) throw new TerminalError('NoSuchTerminal', `there is no terminal ${id} (it was closed, or belongs to another window)`);
    return terminal;
  }

  private live(id: string): OpenTerminal {
    const terminal = this.find(id);
    if (terminal.info.status !== 'open') throw new TerminalError('TerminalClosed', `${id} has ended`);
    return terminal;
  }

  private exited(id: string, exit: TerminalExit): void {
    const terminal = this.terminals.get(id);
    if (!terminal || terminal.info.status !== 'open') return;
    terminal.flow.end();
    terminal.resize.dispose();
    terminal.info = { ...terminal.info, status: 'closed' };
    this.options.send({ type: 'terminal.exit', terminal: id, code: exit.code, signal: exit.signal });
    this.options.send({ type: 'entity.updated', entity: { kind: 'terminal', id, value: terminal.info } });
  }
}
