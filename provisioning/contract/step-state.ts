/**
 * The states a step goes through, as the engine names them (provisioning/engine/engine-events.ts StepState;
 * a server spec proves the two lists are the same).
 */
import { z } from 'zod';

export const StepStateSchema = z.enum([
  'pending',
  'checking',
  'in-sync',
  'applying',
  'verifying',
  'verified',
  'failed',
  'not-permitted',
  'skipped',
  'blocked',
  'reverting',
  'reverted',
]);

export const RunOutcomeSchema = z.enum(['succeeded', 'failed', 'cancelled']);

/** A step as a run lists it; `id` is `<phase>/<host>/<name>`, stable across runs. */
export const StepInfoSchema = z.object({ id: z.string(), title: z.string(), host: z.string(), phase: z.string() });

export type StepState = z.infer<typeof StepStateSchema>;
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;
export type StepInfo = z.infer<typeof StepInfoSchema>;
