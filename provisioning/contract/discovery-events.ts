/** What discovery and preflight find: each host's inventory as it arrives, and the judged preflight findings. */
import { z } from 'zod';
import { HostInventorySchema } from '../inventory/host-inventory.ts';
import { JudgedFindingSchema } from './judged-finding.ts';
import { HostStatusSchema } from './project-summary.ts';

export const InventoryHostEventSchema = z.object({
  type: z.literal('inventory.host'),
  host: z.string(),
  status: HostStatusSchema,
  /** null when the host could not be inventoried (problems say why). */
  inventory: HostInventorySchema.nullable(),
  problems: z.array(z.string()),
});

export const PreflightFindingsEventSchema = z.object({ type: z.literal('preflight.findings'), findings: z.array(JudgedFindingSchema) });
