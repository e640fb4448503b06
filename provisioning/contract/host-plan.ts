/**
 * What apply would do on one host (`picket plan`, as data): each step's check, whether a reboot is needed, and
 * the sensors' CPU core map as text (the picture `picket plan` prints; a graphical map reads the same plan).
 */
import { z } from 'zod';

export const StepCheckSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('in-sync'), detail: z.string().nullable() }),
  /** One line per change ("cap0: gro on -> off"). */
  z.object({ state: z.literal('changes'), changes: z.array(z.string()) }),
  z.object({ state: z.literal('not-permitted'), reason: z.string() }),
  z.object({ state: z.literal('error'), error: z.string() }),
]);

export const PlannedStepSchema = z.object({
  id: z.string(),
  title: z.string(),
  phase: z.string(),
  /** Takes effect only after a reboot. */
  needsReboot: z.boolean(),
  check: StepCheckSchema,
});

export const HostPlanSchema = z.object({
  host: z.string(),
  /** Some step with changes takes effect only after a reboot. */
  reboot: z.boolean(),
  /** Steps that would change something. */
  changes: z.number().int().nonnegative(),
  steps: z.array(PlannedStepSchema),
  /** null for a host without capture NICs (nothing to pin). */
  coreMap: z.string().nullable(),
  /** What the planner decided and why, and what it could not do. */
  notes: z.array(z.string()),
});

export type StepCheck = z.infer<typeof StepCheckSchema>;
export type PlannedStep = z.infer<typeof PlannedStepSchema>;
export type HostPlan = z.infer<typeof HostPlanSchema>;
