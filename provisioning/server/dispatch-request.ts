/**
 * The one way a request reaches the engine: its name is looked up in the contract, its payload checked against
 * the request's schema, its handler called, and its result checked against the result schema before it leaves
 * (which also drops any field the contract does not name). Every failure on the way is an `{ ok: false }` answer.
 */
import { z } from 'zod';
import type { RequestSpec } from '../contract/define-request.ts';
import { isRequestName, REQUEST_NAMES, requests, type ParsedPayload, type RequestName, type RequestResult } from '../contract/requests.ts';
import type { WireResponse } from '../contract/wire.ts';
import { toEngineError } from './request-failure.ts';

export type RequestHandler<N extends RequestName> = (payload: ParsedPayload<N>) => Promise<RequestResult<N>>;

/** One handler per request of the contract: a request without one does not compile. */
export type RequestHandlers = { [N in RequestName]: RequestHandler<N> };

function failure(name: string, message: string): WireResponse {
  return { ok: false, error: { name, message } };
}

async function invoke<N extends RequestName>(handlers: RequestHandlers, name: N, payload: unknown, log: (line: string) => void): Promise<WireResponse> {
  const spec: RequestSpec = requests[name];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) return failure('InvalidRequest', `${name}: the payload does not fit the contract:\n${z.prettifyError(parsed.error)}`);
  const handler: RequestHandler<N> = handlers[name];
  let result: unknown;
  try {
    result = await handler(parsed.data as ParsedPayload<N>);
  } catch (error) {
    return { ok: false, error: toEngineError(error) };
  }
  const checked = spec.result.safeParse(result);
  if (!checked.success) {
    log(`picket serve: the ${name} handler returned a result that breaks the contract:\n${z.prettifyError(checked.error)}`);
    return failure('InternalError', `the engine answered ${name} with something the contract does not allow; the server log says what`);
  }
  return { ok: true, result: checked.data };
}

export async function dispatchRequest(handlers: RequestHandlers, name: string, payload: unknown, log: (line: string) => void): Promise<WireResponse> {
  if (!isRequestName(name)) {
    return failure('UnknownRequest', `there is no request named "${name}" (known: ${REQUEST_NAMES.join(', ')})`);
  }
  return invoke(handlers, name, payload, log);
}
