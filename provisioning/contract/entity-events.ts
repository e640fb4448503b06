/**
 * The engine owns all state; a face's stores mirror it from these: an entity created, updated (the whole new
 * value, so a mirror never merges) or removed. Keyed by kind and id.
 */
import { z } from 'zod';
import { HostSummarySchema, ProjectInfoSchema } from './project-summary.ts';
import { RunSummarySchema } from './run-summary.ts';

export const TerminalInfoSchema = z.object({ terminal: z.string(), host: z.string(), status: z.enum(['open', 'closed']) });

export const EntitySchema = z.discriminatedUnion('kind', [
  /** id: the project folder. */
  z.object({ kind: z.literal('project'), id: z.string(), value: ProjectInfoSchema }),
  /** id: the host name. */
  z.object({ kind: z.literal('host'), id: z.string(), value: HostSummarySchema }),
  /** id: the run. */
  z.object({ kind: z.literal('run'), id: z.string(), value: RunSummarySchema }),
  /** id: the terminal. */
  z.object({ kind: z.literal('terminal'), id: z.string(), value: TerminalInfoSchema }),
]);

export const EntityKindSchema = z.enum(['project', 'host', 'run', 'terminal']);

export const EntityCreatedEventSchema = z.object({ type: z.literal('entity.created'), entity: EntitySchema });
export const EntityUpdatedEventSchema = z.object({ type: z.literal('entity.updated'), entity: EntitySchema });
export const EntityRemovedEventSchema = z.object({ type: z.literal('entity.removed'), kind: EntityKindSchema, id: z.string() });

export type Entity = z.infer<typeof EntitySchema>;
export type EntityKind = z.infer<typeof EntityKindSchema>;
export type TerminalInfo = z.infer<typeof TerminalInfoSchema>;
