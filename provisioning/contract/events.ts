/** Every event the engine sends its faces, as one union discriminated by `type`. */
import { z } from 'zod';
import { InventoryHostEventSchema, PreflightFindingsEventSchema } from './discovery-events.ts';
import { EntityCreatedEventSchema, EntityRemovedEventSchema, EntityUpdatedEventSchema } from './entity-events.ts';
import { HostKeyPromptEventSchema, HostKeySettledEventSchema } from './host-key-events.ts';
import { LabProgressEventSchema } from './lab-events.ts';
import { PlanReadyEventSchema } from './plan-events.ts';
import { RunFinishedEventSchema, RunStartedEventSchema, StepOutputEventSchema, StepStateEventSchema } from './run-events.ts';
import { TerminalDataEventSchema, TerminalExitEventSchema } from './terminal-events.ts';

export const EngineEventSchema = z.discriminatedUnion('type', [
  RunStartedEventSchema,
  StepStateEventSchema,
  StepOutputEventSchema,
  RunFinishedEventSchema,
  HostKeyPromptEventSchema,
  HostKeySettledEventSchema,
  InventoryHostEventSchema,
  PreflightFindingsEventSchema,
  PlanReadyEventSchema,
  TerminalDataEventSchema,
  TerminalExitEventSchema,
  EntityCreatedEventSchema,
  EntityUpdatedEventSchema,
  EntityRemovedEventSchema,
  LabProgressEventSchema,
]);

export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type EventType = EngineEvent['type'];
export type EventOf<T extends EventType> = Extract<EngineEvent, { type: T }>;

export const EVENT_TYPES = EngineEventSchema.options.map((option) => option.shape.type.value) as EventType[];
