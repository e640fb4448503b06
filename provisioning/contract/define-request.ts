/**
 * One request of the contract: the schema of what a face sends, the schema of the result, and the response
 * that wraps it. Failures are data, never exceptions across the boundary: every response is
 * `{ ok: true, result } | { ok: false, error }`.
 */
import { z } from 'zod';
import { EngineErrorSchema } from './engine-error.ts';

export function responseSchema<Result extends z.ZodType>(result: Result) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), result }),
    z.object({ ok: z.literal(false), error: EngineErrorSchema }),
  ]);
}

export interface RequestSpec<Request extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  request: Request;
  result: Result;
  response: ReturnType<typeof responseSchema<Result>>;
}

export function defineRequest<Request extends z.ZodType, Result extends z.ZodType>(request: Request, result: Result): RequestSpec<Request, Result> {
  return { request, result, response: responseSchema(result) };
}

/** The payload of a request that needs none. Strict, like every request: a misspelt field is an error, not ignored. */
export const NoPayload = z.strictObject({});

/** The result of a request that has nothing to say beyond success. */
export const Done = z.object({});
