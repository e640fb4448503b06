/**
 * Waivers of preflight checks, kept in the project's cluster.yaml (preflight.waive: check, host, reason) as a user
 * would write them by hand: a failed check that is waived no longer blocks apply, and each run journals the waivers
 * it went ahead under. Adding or removing one judges the last findings again (no host is contacted).
 */
import { z } from 'zod';
import { DnsLabelSchema } from './cluster-vocabulary.ts';
import { defineRequest } from './define-request.ts';
import { JudgedFindingSchema } from './judged-finding.ts';
import { WaiverSchema } from './project-summary.ts';

/** A check id as preflight names it (kebab-case, as in its findings). */
export const CheckIdSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a check id is kebab-case, as the finding names it (e.g. clock-skew)').max(64);

const WaiverOutcomeSchema = z.object({
  waivers: z.array(WaiverSchema),
  /** The last findings judged again under the new waivers; null when preflight has not run yet. */
  findings: z.array(JudgedFindingSchema).nullable(),
  /** Failed checks no waiver lets through. */
  blocking: z.number().int().nonnegative(),
});

export const waiverRequests = {
  /** Waives a check for one host (or, without host, every host), with a reason; replaces the reason of the same waiver. */
  'preflight.waive': defineRequest(
    z.strictObject({ check: CheckIdSchema, host: DnsLabelSchema.optional(), reason: z.string().trim().min(1, 'say why the check may fail (it is journaled)').max(1000) }),
    WaiverOutcomeSchema,
  ),
  /** Removes the waiver of a check for that host (or the one for every host, without host). */
  'preflight.unwaive': defineRequest(z.strictObject({ check: CheckIdSchema, host: DnsLabelSchema.optional() }), WaiverOutcomeSchema),
};
