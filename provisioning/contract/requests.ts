/**
 * Every request a face can send the engine, keyed by name, each with its payload and result schemas. Faces and
 * the server derive their types from this one map: a request added here without a server handler does not
 * compile.
 */
import type { z } from 'zod';
import type { EngineError } from './engine-error.ts';
import { hostRequests } from './host-requests.ts';
import { labRequests } from './lab-requests.ts';
import { projectRequests } from './project-requests.ts';
import { runRequests } from './run-requests.ts';
import { terminalRequests } from './terminal-requests.ts';
import { waiverRequests } from './waiver-requests.ts';

export const requests = {
  ...projectRequests,
  ...hostRequests,
  ...runRequests,
  ...waiverRequests,
  ...terminalRequests,
  ...labRequests,
};

export type Requests = typeof requests;
export type RequestName = keyof Requests;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];

export function isRequestName(name: string): name is RequestName {
  return Object.hasOwn(requests, name);
}

/** What a face sends (before defaults are applied). */
export type RequestPayload<N extends RequestName> = z.input<Requests[N]['request']>;
/** What a handler receives: the payload as the schema parsed it. */
export type ParsedPayload<N extends RequestName> = z.output<Requests[N]['request']>;
/** What a handler returns (checked against the result schema before it is sent). */
export type RequestResult<N extends RequestName> = z.input<Requests[N]['result']>;
/** What a face receives. */
export type ReceivedResult<N extends RequestName> = z.output<Requests[N]['result']>;

export type EngineResponse<N extends RequestName> = { ok: true; result: ReceivedResult<N> } | { ok: false; error: EngineError };
