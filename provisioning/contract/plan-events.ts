/**
 * What apply would change, as plan.get answers it and as every face hears it once it lands: a plan is the open
 * project's, not one window's, so a reloaded page or a second window sees the last one too.
 */
import { z } from 'zod';
import { HostPlanSchema } from './host-plan.ts';

export const PlanSchema = z.object({
  hosts: z.array(HostPlanSchema),
  changes: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
});

/** phase: set when only that phase was planned (a whole plan has none). */
export const PlanReadyEventSchema = z.object({ type: z.literal('plan.ready'), phase: z.string().optional(), plan: PlanSchema });

export type Plan = z.infer<typeof PlanSchema>;
