/**
 * The contract between the engine and its faces (desktop, browser, CLI): every request, response and event, as
 * zod schemas with their types. Plain TypeScript and zod only, so the renderer can import it.
 */
export * from './cluster-vocabulary.ts';
export * from './define-request.ts';
export * from './engine-error.ts';
export * from './entity-events.ts';
export * from './events.ts';
export * from './host-plan.ts';
export * from './host-requests.ts';
export * from './judged-finding.ts';
export * from './plan-events.ts';
export * from './project-summary.ts';
export * from './requests.ts';
export * from './run-summary.ts';
export * from './step-state.ts';
export * from './wire.ts';
