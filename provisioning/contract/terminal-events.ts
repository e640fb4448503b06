/**
 * A live terminal's output, numbered from 0 per terminal: the face acks with terminal.ack { seq } once it has
 * written a chunk, and the engine holds a terminal back while too much is unacknowledged.
 */
import { z } from 'zod';

export const TerminalDataEventSchema = z.object({
  type: z.literal('terminal.data'),
  terminal: z.string(),
  seq: z.number().int().nonnegative(),
  data: z.string(),
});

export const TerminalExitEventSchema = z.object({
  type: z.literal('terminal.exit'),
  terminal: z.string(),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
});
