/**
 * Requests of a live terminal: a shell on a host of the open project, a shell on the machine running the engine,
 * or a step's log. Output arrives as terminal.data events, numbered; the face acks what it has written
 * (terminal.ack), and the engine pauses a terminal that runs too far ahead of its acks, so a flood of output never
 * swamps the UI. A terminal belongs to the face that opened it: only that face hears it, and it is closed when
 * that face disconnects.
 */
import { z } from 'zod';
import { defineRequest, Done } from './define-request.ts';

/**
 * The `host` of terminal.open that means "a shell on the machine running the engine" (the installer laptop).
 * No project host can be named so: host names are DNS labels, which have no '@'.
 */
export const LOCAL_SHELL_HOST = '@local';

const terminal = z.string().min(1).max(64);
const size = { cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) };

/** An interactive shell: on a host of the open project (by name), or LOCAL_SHELL_HOST. */
export const ShellTerminalSchema = z.strictObject({ host: z.string().min(1).max(63), ...size });

/**
 * A read-only terminal over one step's log (the file the journal points at): replayed from its start, then
 * followed while the step's run is in progress. It ends (terminal.exit, code and signal null) at the end of the log.
 */
export const StepTerminalSchema = z.strictObject({ run: z.string().min(1).max(128), step: z.string().min(1).max(512) });

export const terminalRequests = {
  /** terminal.data of the new terminal is sent only after this answer. */
  'terminal.open': defineRequest(z.union([ShellTerminalSchema, StepTerminalSchema]), z.object({ terminal: z.string() })),
  /** Keystrokes, as the terminal emulator produced them. */
  'terminal.input': defineRequest(z.strictObject({ terminal, data: z.string().max(65_536) }), Done),
  'terminal.resize': defineRequest(z.strictObject({ terminal, ...size }), Done),
  /** Every terminal.data chunk up to and including `seq` is written. */
  'terminal.ack': defineRequest(z.strictObject({ terminal, seq: z.number().int().nonnegative() }), Done),
  'terminal.close': defineRequest(z.strictObject({ terminal }), Done),
};

export type ShellTerminal = z.infer<typeof ShellTerminalSchema>;
export type StepTerminal = z.infer<typeof StepTerminalSchema>;
export type TerminalSource = ShellTerminal | StepTerminal;
