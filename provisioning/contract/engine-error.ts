/**
 * Why a request failed, carried as data: a face shows `message` as it is, and never has to guess from an
 * exception text. `name` says what kind of failure it is (HostError, SpecInvalidError, NotImplemented,
 * InvalidRequest, Busy …); `host` and `kind` are set when the failure is about one host (`kind` is the
 * engine's HostErrorKind: unreachable, auth, host-key-mismatch …).
 */
import { z } from 'zod';

/** One error in a cluster.yaml, located as `picket spec check` prints it (1-based line and column). */
export const SpecIssueSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  /** `hosts[1].capture[0].pci`; empty for the document as a whole. */
  path: z.string(),
  message: z.string(),
});

export const EngineErrorSchema = z.object({
  name: z.string().min(1),
  message: z.string(),
  host: z.string().optional(),
  kind: z.string().optional(),
  /** Set when the failure is a wrong spec: every error, so the wizard can point at each one. */
  specErrors: z.array(SpecIssueSchema).optional(),
});

export type SpecIssue = z.infer<typeof SpecIssueSchema>;
export type EngineError = z.infer<typeof EngineErrorSchema>;
