/**
 * Failures as data. A handler throws a RequestFailure to say exactly what the face should show; anything else
 * thrown becomes data too (HostErrors keep their host and kind), so nothing reaches a face as a bare exception.
 */
import type { EngineError, SpecIssue } from '../contract/engine-error.ts';
import { HostError } from '../ssh/host-error.ts';

export interface FailureDetails {
  host?: string;
  kind?: string;
  specErrors?: SpecIssue[];
}

export class RequestFailure extends Error {
  constructor(
    name: string,
    message: string,
    readonly details: FailureDetails = {},
  ) {
    super(message);
    this.name = name;
  }
}

export function toEngineError(error: unknown): EngineError {
  if (error instanceof RequestFailure) return { name: error.name, message: error.message, ...error.details };
  if (error instanceof HostError) return { name: error.name, message: error.message, host: error.host, kind: error.kind };
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}
