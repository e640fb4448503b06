/**
 * What a face knows of an open project: the cluster and each host as cluster.yaml describes it, with the engine's
 * view of it (inventoried, planned, or the problems stopping it). Secrets appear by name only, never by value.
 */
import { z } from 'zod';
import { EngineSchema, ModeSchema, RoleSchema } from './cluster-vocabulary.ts';

/** How Picket logs in to a host; a password or passphrase is named by its secret in secrets.yaml. */
export const HostLoginSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('key'), identityFile: z.string(), passphraseSecretName: z.string().nullable() }),
  z.object({ method: z.literal('agent') }),
  z.object({ method: z.literal('password'), secretName: z.string() }),
]);

export const CaptureNicSummarySchema = z.object({
  /** As cluster.yaml names it: a PCI address, or a name and MAC for a virtual NIC. */
  pci: z.string().nullable(),
  name: z.string().nullable(),
  mac: z.string().nullable(),
  engines: z.array(EngineSchema),
  /** The host's NIC this entry matched at discovery; null before discovery or when it matched none. */
  resolved: z.string().nullable(),
});

/** new: not discovered yet; inventoried: discovered, no plan (no capture); planned: ready; problem: see problems. */
export const HostStatusSchema = z.enum(['new', 'inventoried', 'planned', 'problem']);

export const HostSummarySchema = z.object({
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  user: z.string(),
  /** Empty for a host used only as a jump host: reached through, never worked on. */
  roles: z.array(RoleSchema),
  sudo: z.boolean(),
  jump: z.string().nullable(),
  login: HostLoginSchema,
  capture: z.array(CaptureNicSummarySchema),
  status: HostStatusSchema,
  /** Why the host cannot be planned, one line each. */
  problems: z.array(z.string()),
});

/**
 * Something cluster.yaml does not say yet (no hosts, a sensor's capture NICs, the roles the mode needs): the
 * project opens and discovers as a draft, but planning waits until nothing is missing.
 */
export const MissingPieceSchema = z.object({
  /** The host it is about; null for the cluster as a whole. */
  host: z.string().nullable(),
  /** Where in cluster.yaml: `hosts[1].capture`. */
  path: z.string(),
  message: z.string(),
});

/** A waiver of a preflight check, as cluster.yaml's preflight.waive holds it; host null: every host. */
export const WaiverSchema = z.object({ check: z.string(), host: z.string().nullable(), reason: z.string() });

export const ProjectInfoSchema = z.object({
  /** The project folder, and its cluster.yaml. */
  dir: z.string(),
  file: z.string(),
  name: z.string(),
  mode: ModeSchema,
  /** Empty once the spec is complete. */
  missing: z.array(MissingPieceSchema),
  /** The failed preflight checks cluster.yaml lets through, each with its reason (journaled by every run). */
  waivers: z.array(WaiverSchema),
});

export const ProjectSummarySchema = ProjectInfoSchema.extend({ hosts: z.array(HostSummarySchema) });

export type HostLogin = z.infer<typeof HostLoginSchema>;
export type CaptureNicSummary = z.infer<typeof CaptureNicSummarySchema>;
export type HostStatus = z.infer<typeof HostStatusSchema>;
export type HostSummary = z.infer<typeof HostSummarySchema>;
export type MissingPiece = z.infer<typeof MissingPieceSchema>;
export type Waiver = z.infer<typeof WaiverSchema>;
export type ProjectInfo = z.infer<typeof ProjectInfoSchema>;
export type ProjectSummary = z.infer<typeof ProjectSummarySchema>;
