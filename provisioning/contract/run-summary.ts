/** A run of apply as the faces mirror it: its id (runs/<run>/ in the project), where its journal is, how it ended. */
import { z } from 'zod';
import { RunOutcomeSchema } from './step-state.ts';

export const RunStatusSchema = z.union([z.literal('running'), RunOutcomeSchema]);

export const RunSummarySchema = z.object({
  run: z.string(),
  command: z.literal('apply'),
  status: RunStatusSchema,
  /** This run picks up an interrupted one (crash, kill -9) rather than starting afresh. */
  resumed: z.boolean(),
  journal: z.string(),
});

export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
