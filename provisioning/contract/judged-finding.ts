/** A preflight finding as a face shows it: what is wrong, by how much, how to fix it, and the waiver letting it pass. */
import { z } from 'zod';

export const SeveritySchema = z.enum(['fail', 'warn', 'info']);

export const JudgedFindingSchema = z.object({
  severity: SeveritySchema,
  /** null for a finding about the cluster as a whole. */
  host: z.string().nullable(),
  /** Kebab-case, stable: waivers in cluster.yaml name it. */
  check: z.string(),
  message: z.string(),
  fix: z.string(),
  /** A failure cluster.yaml waives (preflight.waive) does not block apply. */
  waiver: z.object({ reason: z.string() }).nullable(),
});

export type Severity = z.infer<typeof SeveritySchema>;
export type JudgedFinding = z.infer<typeof JudgedFindingSchema>;
