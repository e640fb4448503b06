/**
 * What apply would do on one host (`picket plan`, as data): each step's check, whether a reboot is needed, and
 * the sensors' CPU layout — as text (the picture `picket plan` prints) and as data a face draws its own from.
 */
import { z } from 'zod';

/** What a planned CPU does (the engine's CpuRole, provisioning/tuning/plan/cpu-roles.ts). */
export const CPU_ROLES = ['housekeeping', 'shared', 'irq', 'zeek', 'zeek-idle', 'zeek-control', 'suricata', 'suricata-management'] as const;
export const CpuRoleSchema = z.enum(CPU_ROLES);

const cpuId = z.number().int().nonnegative();

export const CpuLayoutViewSchema = z.object({
  /** exclusive: whole cores per role; shared: a host too small for that, where sensors and interrupts share CPUs. */
  mode: z.enum(['exclusive', 'shared']),
  /** The NUMA nodes, each with its physical cores; a core lists its logical CPUs (SMT siblings). */
  nodes: z.array(z.object({ id: z.number().int().nonnegative(), cores: z.array(z.array(cpuId)) })),
  /** The CPUs of each role, each CPU in one role; a CPU in none is unused. */
  roles: z.array(z.object({ role: CpuRoleSchema, cpus: z.array(cpuId) })),
  /** The capture NICs, each with the node its interrupts are served on. */
  nics: z.array(z.object({ nic: z.string(), numaNode: z.number().int().nonnegative() })),
});

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
  /** The same layout as data; null when coreMap is. */
  cpuLayout: CpuLayoutViewSchema.nullable(),
  /** What the planner decided and why, and what it could not do. */
  notes: z.array(z.string()),
});

export type CpuRole = z.infer<typeof CpuRoleSchema>;
export type CpuLayoutView = z.infer<typeof CpuLayoutViewSchema>;
export type StepCheck = z.infer<typeof StepCheckSchema>;
export type PlannedStep = z.infer<typeof PlannedStepSchema>;
export type HostPlan = z.infer<typeof HostPlanSchema>;
