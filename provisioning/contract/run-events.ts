/**
 * A run as it happens: its steps, each step's state changes and output, and how it ended. These mirror the
 * engine's EngineEvent (provisioning/engine/engine-events.ts), with the run each belongs to.
 */
import { z } from 'zod';
import { RunOutcomeSchema, StepInfoSchema, StepStateSchema } from './step-state.ts';

export const RunStartedEventSchema = z.object({ type: z.literal('run.started'), run: z.string(), steps: z.array(StepInfoSchema) });

export const StepStateEventSchema = z.object({
  type: z.literal('step.state'),
  run: z.string(),
  step: z.string(),
  host: z.string(),
  state: StepStateSchema,
  /** Why: the skip reason, the failure, what blocked it. */
  detail: z.string().optional(),
});

/**
 * Output of a step's commands, in chunks as they arrive (not split into lines): a preview, at most 256 Ki
 * characters per step and run, then a note. The step's terminal (terminal.open { run, step }) shows all of it.
 */
export const StepOutputEventSchema = z.object({ type: z.literal('step.output'), run: z.string(), step: z.string(), host: z.string(), text: z.string() });

export const RunFinishedEventSchema = z.object({ type: z.literal('run.finished'), run: z.string(), outcome: RunOutcomeSchema });
