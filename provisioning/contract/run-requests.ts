/**
 * Requests that drive the engine over the open project: discover (inventory), preflight, plan, apply, cancel, and
 * per-step retry, skip and revert. Long work reports through events (inventory.host, step.state, step.output …);
 * apply.start answers as soon as the run has begun, and run.finished says how it ended.
 */
import { z } from 'zod';
import { defineRequest, NoPayload } from './define-request.ts';
import { HostPlanSchema } from './host-plan.ts';
import { JudgedFindingSchema } from './judged-finding.ts';
import { HostSummarySchema } from './project-summary.ts';
import { StepStateSchema } from './step-state.ts';

const stepId = z.string().min(1).max(512);
const runId = z.string().min(1).max(128);
const reason = z.string().trim().min(1, 'say why (it is journaled)').max(1000);
/** How long each capture NIC's packet counters are watched (is the TAP really cabled there?). */
const captureSeconds = z.number().int().min(1).max(60);
const phase = z.string().min(1).max(64);

const StepOutcomeSchema = z.object({ step: z.string(), state: StepStateSchema });

export const runRequests = {
  /** Inventories every host of the open project (in parallel) and plans each one; one inventory.host event per host. */
  'inventory.run': defineRequest(NoPayload, z.object({ hosts: z.array(HostSummarySchema) })),
  'preflight.run': defineRequest(
    z.strictObject({ captureSeconds: captureSeconds.optional() }),
    z.object({ findings: z.array(JudgedFindingSchema), blocking: z.number().int().nonnegative() }),
  ),
  /** What apply would change, per host; discovers first if the project was not discovered yet. */
  'plan.get': defineRequest(
    z.strictObject({ phase: phase.optional() }),
    z.object({ hosts: z.array(HostPlanSchema), changes: z.number().int().nonnegative(), errors: z.number().int().nonnegative() }),
  ),
  /**
   * Preflight (an unwaived failure refuses, before any host changes), plan, then the run, journaled; an interrupted
   * run is resumed. Answers once the run has begun.
   */
  'apply.start': defineRequest(
    z.strictObject({
      phase: phase.optional(),
      skip: z.array(z.strictObject({ step: stepId, reason })).max(10_000).optional(),
      captureSeconds: captureSeconds.optional(),
    }),
    z.discriminatedUnion('status', [
      z.object({ status: z.literal('started'), run: z.string(), resumed: z.boolean(), journal: z.string() }),
      z.object({ status: z.literal('nothing-to-change') }),
    ]),
  ),
  /** Cancels a running apply: running commands are stopped, the run is journaled as cancelled (rerun to resume). */
  'apply.cancel': defineRequest(z.strictObject({ run: runId }), z.object({ run: z.string() })),
  'step.retry': defineRequest(z.strictObject({ run: runId, step: stepId }), StepOutcomeSchema),
  'step.skip': defineRequest(z.strictObject({ run: runId, step: stepId, reason }), StepOutcomeSchema),
  'step.revert': defineRequest(z.strictObject({ step: stepId }), StepOutcomeSchema),
};
