/**
 * Requests of a live terminal on a host. Output arrives as terminal.data events, numbered; the face acks what it
 * has written (terminal.ack), and the engine pauses a terminal that runs too far ahead of its acks, so a flood of
 * output never swamps the UI.
 */
import { z } from 'zod';
import { defineRequest, Done } from './define-request.ts';

const terminal = z.string().min(1).max(64);
const size = { cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) };

export const terminalRequests = {
  'terminal.open': defineRequest(z.strictObject({ host: z.string().min(1).max(63), ...size }), z.object({ terminal: z.string() })),
  /** Keystrokes, as the terminal emulator produced them. */
  'terminal.input': defineRequest(z.strictObject({ terminal, data: z.string().max(65_536) }), Done),
  'terminal.resize': defineRequest(z.strictObject({ terminal, ...size }), Done),
  /** Every terminal.data chunk up to and including `seq` is written. */
  'terminal.ack': defineRequest(z.strictObject({ terminal, seq: z.number().int().nonnegative() }), Done),
  'terminal.close': defineRequest(z.strictObject({ terminal }), Done),
};
