/** A run (apply, or a reset) as the faces mirror it: its id (runs/<run>/ in the project), where its journal is, how it ended. */
import { z } from 'zod';
import { RunOutcomeSchema } from './step-state.ts';

export const RunStatusSchema = z.union([z.literal('running'), RunOutcomeSchema]);

export const RunSummarySchema = z.object({
  run: z.string(),
  /** apply: an install run; reset: steps put back to their recorded originals (step.revert). */
  command: z.enum(['apply', 'reset']),
  status: RunStatusSchema,
  /** A running run a face paused: the steps in flight finish, none starts until resumed. */
  paused: z.boolean(),
  /** This run picks up an interrupted one (crash, kill -9) rather than starting afresh. */
  resumed: z.boolean(),
  journal: z.string(),
});

export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
