/**
 * The messages of the WebSocket transport (`picket serve`). A face sends requests, and `ready` once its stores
 * listen (events wait in a queue until then, so none is lost while the page loads); the server sends responses,
 * matched by id, and events.
 */
import { z } from 'zod';
import { EngineErrorSchema } from './engine-error.ts';
import { EngineEventSchema } from './events.ts';

export const RequestIdSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const RequestMessageSchema = z.strictObject({
  type: z.literal('request'),
  id: RequestIdSchema,
  name: z.string().min(1).max(64),
  /** Checked against the named request's schema by the server. */
  payload: z.unknown(),
});

export const ReadyMessageSchema = z.strictObject({ type: z.literal('ready') });

export const ClientMessageSchema = z.discriminatedUnion('type', [RequestMessageSchema, ReadyMessageSchema]);

/** The result is checked against the request's own result schema by the face that asked. */
export const WireResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: EngineErrorSchema }),
]);

export const ResponseMessageSchema = z.object({
  type: z.literal('response'),
  /** null when the message was too broken to read its id from. */
  id: RequestIdSchema.nullable(),
  response: WireResponseSchema,
});

export const EventMessageSchema = z.object({ type: z.literal('event'), event: EngineEventSchema });

export const ServerMessageSchema = z.discriminatedUnion('type', [ResponseMessageSchema, EventMessageSchema]);

/** The path of the WebSocket endpoint on the server. */
export const WEBSOCKET_PATH = '/ws';

export type RequestMessage = z.infer<typeof RequestMessageSchema>;
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type WireResponse = z.infer<typeof WireResponseSchema>;
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>;
export type EventMessage = z.infer<typeof EventMessageSchema>;
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
