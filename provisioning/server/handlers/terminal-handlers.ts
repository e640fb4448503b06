/**
 * terminal.open, .input, .resize, .ack and .close for one face. terminal.open names what to attach to:
 *
 * - `{ host }`, a host of the open project: a shell on a new channel of the connection the project's session
 *   already holds to that host (the same one discovery and apply use; nothing new to authenticate).
 * - `{ host: LOCAL_SHELL_HOST }` ('@local', which no host name can be): a shell on the machine running the engine,
 *   offered only to a face on that machine; a face that reached `picket serve --listen` from elsewhere is refused.
 * - `{ run, step }`: a step's log, read-only, replayed and followed while its run is in progress.
 *
 * Input is bytes for the PTY, whatever it holds (escape sequences, Ctrl-C …): it goes to the shell and nowhere
 * else. Names and ids from the face are only ever looked up, never put in a path or a command unchecked.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { ParsedPayload } from '../../contract/requests.ts';
import { LOCAL_SHELL_HOST } from '../../contract/terminal-requests.ts';
import { runLogDir, stepLogFile } from '../../engine/step-log-file.ts';
import { FaceTerminals } from '../../terminal/face-terminals.ts';
import { HostShellSession } from '../../terminal/host-shell-session.ts';
import { LocalShellSession } from '../../terminal/local-shell-session.ts';
import { StepLogSession } from '../../terminal/step-log-session.ts';
import type { RequestHandlers } from '../dispatch-request.ts';
import type { EngineService } from '../engine-service.ts';
import type { Face } from '../face.ts';
import { RequestFailure } from '../request-failure.ts';

type TerminalRequest = 'terminal.open' | 'terminal.input' | 'terminal.resize' | 'terminal.ack' | 'terminal.close';
type OpenPayload = ParsedPayload<'terminal.open'>;
type ShellPayload = Extract<OpenPayload, { host: string }>;
type StepPayload = Extract<OpenPayload, { step: string }>;

/** A run's folder name as newRunId makes it: a sequence number, then the time (no dots, no slashes). */
const RUN_ID = /^\d{4,}-[0-9A-Za-z]{1,32}$/;

function openShell(engine: EngineService, face: Face, terminals: FaceTerminals, { host, cols, rows }: ShellPayload) {
  if (host === LOCAL_SHELL_HOST) {
    if (!face.onThisMachine) {
      throw new RequestFailure('LocalShellRefused', 'a shell on the machine running Picket is offered only to a window on that machine, not over the network');
    }
    return terminals.open({ host, size: { cols, rows }, start: async () => LocalShellSession.spawn({ cols, rows }) });
  }
  const session = engine.current();
  const target = session.hosts.find((h) => h.name === host);
  if (!target) {
    const known = session.hosts.map((h) => h.name).join(', ') || 'none';
    const jumpOnly = session.spec.hosts.some((h) => h.name === host);
    throw new RequestFailure(
      'UnknownHost',
      jumpOnly ? `${host} is a jump host (no roles): Picket reaches other hosts through it but opens no shell on it` : `${JSON.stringify(host)} is not a host of ${session.project.file} (hosts: ${known})`,
    );
  }
  return terminals.open({ host, size: { cols, rows }, start: async () => new HostShellSession(await target.connection.shell(cols, rows)) });
}

function openStepLog(engine: EngineService, terminals: FaceTerminals, { run, step }: StepPayload) {
  const session = engine.current();
  if (!RUN_ID.test(run)) throw new RequestFailure('NoSuchRun', `${JSON.stringify(run)} is not a run id (runs are named like 0003-20250101T120000Z)`);
  const runDir = join(session.runsDir, run);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new RequestFailure('NoSuchRun', `there is no run ${run} in ${session.runsDir}`);
  const [, host, ...name] = step.split('/');
  if (!host || name.length === 0 || !session.spec.hosts.some((h) => h.name === host)) {
    throw new RequestFailure('NoSuchStep', `${JSON.stringify(step)} is not a step of this project (steps are named phase/host/name)`);
  }
  const logDir = runLogDir(runDir);
  const file = stepLogFile(logDir, { id: step, host });
  const inside = relative(logDir, file);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new RequestFailure('NoSuchStep', `${JSON.stringify(step)} is not a step of this project`);
  const isWriting = () => engine.runInProgress === run;
  if (!isWriting() && !existsSync(file)) {
    throw new RequestFailure('NoStepLog', `step ${step} has no log in run ${run}: the run did not reach it (blocked, or stopped before it)`);
  }
  return terminals.open({ host, start: async () => new StepLogSession({ file, isWriting }) });
}

export function terminalHandlers(engine: EngineService, face: Face): Pick<RequestHandlers, TerminalRequest> {
  const terminals = new FaceTerminals({ send: (event) => face.send(event) });
  face.onClose(() => terminals.closeAll());
  return {
    'terminal.open': async (payload) => {
      const info = 'host' in payload ? await openShell(engine, face, terminals, payload) : await openStepLog(engine, terminals, payload);
      return { terminal: info.terminal };
    },
    // Written before the handler's first await: keystrokes reach the PTY in the order the face sent them.
    'terminal.input': async ({ terminal, data }) => {
      terminals.input(terminal, data);
      return {};
    },
    'terminal.resize': async ({ terminal, cols, rows }) => {
      terminals.resize(terminal, cols, rows);
      return {};
    },
    'terminal.ack': async ({ terminal, seq }) => {
      terminals.ack(terminal, seq);
      return {};
    },
    'terminal.close': async ({ terminal }) => {
      terminals.close(terminal);
      return {};
    },
  };
}
