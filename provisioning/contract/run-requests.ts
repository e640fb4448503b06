/**
 * Requests that drive the engine over the open project: discover (inventory), preflight, plan, apply, cancel, and
 * per-step retry, skip and revert. Long work reports through events (inventory.host, step.state, step.output …);
 * apply.start answers as soon as the run has begun, and run.finished says how it ended.
 */
import { z } from 'zod';
import { defineRequest, NoPayload } from './define-request.ts';
import { JudgedFindingSchema } from './judged-finding.ts';
import { PlanSchema } from './plan-events.ts';
import { HostSummarySchema } from './project-summary.ts';
import { StepStateSchema } from './step-state.ts';

const stepId = z.string().min(1).max(512);
const runId = z.string().min(1).max(128);
const reason = z.string().trim().min(1, 'say why (it is journaled)').max(1000);
/** How long each capture NIC's packet counters are watched (is the TAP really cabled there?). */
const captureSeconds = z.number().int().min(1).max(60);
const phase = z.string().min(1).max(64);

/** Where a step stands once the request is answered, and in which run (a retry or skip may start the next one). */
const StepOutcomeSchema = z.object({ run: z.string(), step: z.string(), state: StepStateSchema });
const PauseStateSchema = z.object({ run: z.string(), paused: z.boolean() });

export const runRequests = {
  /** Inventories every host of the open project (in parallel) and plans each one; one inventory.host event per host. */
  'inventory.run': defineRequest(NoPayload, z.object({ hosts: z.array(HostSummarySchema) })),
  'preflight.run': defineRequest(
    z.strictObject({ captureSeconds: captureSeconds.optional() }),
    z.object({ findings: z.array(JudgedFindingSchema), blocking: z.number().int().nonnegative() }),
  ),
  /**
   * What apply would change, per host; discovers first if the project was not discovered yet. Asked while the same
   * plan is being made, it answers with that one; every face hears it (plan.ready).
   */
  'plan.get': defineRequest(z.strictObject({ phase: phase.optional() }), PlanSchema),
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
  /**
   * Pauses a running apply: the steps in flight finish, no step starts until apply.resume (journaled both). The run
   * stays in progress (its entity says paused); it can still be cancelled.
   */
  'apply.pause': defineRequest(z.strictObject({ run: runId }), PauseStateSchema),
  'apply.resume': defineRequest(z.strictObject({ run: runId }), PauseStateSchema),
  /**
   * Runs a step again that a stopped run (failed or cancelled) left failed, blocked or skipped: the next apply run
   * picks up the stopped one — same phases and hosts, every step checked again, earlier skips kept — journaling
   * that it retries this step. Refused while the run is in progress (pause or cancel it, or wait).
   */
  'step.retry': defineRequest(z.strictObject({ run: runId, step: stepId }), StepOutcomeSchema),
  /**
   * Skips a step, with a reason journaled as `picket apply --skip` journals it. In a run in progress: a step not
   * started yet is skipped when the run reaches it. In a stopped run: the next run picks up without it.
   */
  'step.skip': defineRequest(z.strictObject({ run: runId, step: stepId, reason }), StepOutcomeSchema),
  /**
   * Puts one applied step back to the original the journal recorded before Picket changed it (`picket reset --step`):
   * a reset run of its own (command reset), answered once it is done.
   */
  'step.revert': defineRequest(z.strictObject({ step: stepId }), StepOutcomeSchema),
};
