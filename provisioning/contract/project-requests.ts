/** Requests about the project itself: open one (a folder holding cluster.yaml), or create a new one. */
import { z } from 'zod';
import { DnsLabelSchema, ModeSchema } from './cluster-vocabulary.ts';
import { defineRequest } from './define-request.ts';
import { ProjectSummarySchema } from './project-summary.ts';

export const projectRequests = {
  /** Opens a project folder (or its cluster.yaml). No host is contacted. A wrong spec fails with every error located. */
  'project.open': defineRequest(z.strictObject({ path: z.string().min(1).max(4096) }), ProjectSummarySchema),
  /** Creates a project folder with a commented cluster.yaml; refuses a folder that is a project already. */
  'project.create': defineRequest(
    z.strictObject({ dir: z.string().min(1).max(4096), name: DnsLabelSchema, mode: ModeSchema }),
    z.object({ dir: z.string(), file: z.string() }),
  ),
};
