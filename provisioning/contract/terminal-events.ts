/**
 * A live terminal's output, numbered from 0 per terminal: the face acks with terminal.ack { seq } once it has
 * written a chunk, and the engine holds a terminal back while too much is unacknowledged. A chunk is at most
 * 64 KiB of UTF-8 and never splits a character.
 */
import { z } from 'zod';

export const TerminalDataEventSchema = z.object({
  type: z.literal('terminal.data'),
  terminal: z.string(),
  seq: z.number().int().nonnegative(),
  data: z.string(),
});

/** The terminal ended: its process exited, its connection dropped, or (a step terminal) its log is complete. */
export const TerminalExitEventSchema = z.object({
  type: z.literal('terminal.exit'),
  terminal: z.string(),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
});
