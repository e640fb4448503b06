import { describe, expect, it } from 'vitest';
import type { RequestName } from '../contract/requests.ts';
import { HostError } from '../ssh/host-error.ts';
import { dispatchRequest, type RequestHandlers } from './dispatch-request.ts';
import { RequestFailure } from './request-failure.ts';

/** Handlers that fail loudly, but for the ones a test gives. */
function handlers(given: Partial<RequestHandlers>): RequestHandlers {
  const unexpected = async () => Promise.reject(new Error('not under test'));
  return new Proxy(given as RequestHandlers, { get: (target, name: string) => target[name as RequestName] ?? unexpected });
}

describe('dispatchRequest', () => {
  const log: string[] = [];
  const dispatch = (h: Partial<RequestHandlers>, name: string, payload: unknown) => dispatchRequest(handlers(h), name, payload, (l) => log.push(l));

  it('passes the parsed payload to the request’s handler and its result back', async () => {
    const response = await dispatch({ 'apply.cancel': async ({ run }) => ({ run }) }, 'apply.cancel', { run: '0001-x' });
    expect(response).toEqual({ ok: true, result: { run: '0001-x' } });
  });

  it('answers an unknown name with the known ones', async () => {
    const response = await dispatch({}, 'project.delete', {});
    expect(response).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    expect(!response.ok && response.error.message).toMatch(/no request named "project\.delete" \(known: project\.open, project\.create,/);
    expect(await dispatch({}, '__proto__', {})).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
  });

  it('refuses a payload that does not fit, saying where, without calling the handler', async () => {
    let called = false;
    const response = await dispatch({ 'project.open': async () => ((called = true), Promise.reject(new Error('no'))) }, 'project.open', { path: 7 });
    expect(called).toBe(false);
    expect(response).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(!response.ok && response.error.message).toMatch(/project\.open: the payload does not fit the contract:\n.*expected string.*\n.*path/);
    expect(await dispatch({}, 'inventory.run', undefined)).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
  });

  it('turns what a handler throws into data: its own failures, host errors with host and kind, anything else', async () => {
    const failing = (error: unknown) => ({ 'apply.cancel': async () => Promise.reject(error) });
    expect(await dispatch(failing(new RequestFailure('NoSuchRun', 'run r is not in progress')), 'apply.cancel', { run: 'r' })).toEqual({
      ok: false,
      error: { name: 'NoSuchRun', message: 'run r is not in progress' },
    });
    expect(await dispatch(failing(new HostError('lab-1', 'auth', 'authentication failed')), 'apply.cancel', { run: 'r' })).toEqual({
      ok: false,
      error: { name: 'HostError', message: 'lab-1: authentication failed', host: 'lab-1', kind: 'auth' },
    });
    expect(await dispatch(failing('a string'), 'apply.cancel', { run: 'r' })).toEqual({ ok: false, error: { name: 'Error', message: 'a string' } });
  });

  it('sends only what the result schema names: a field a handler adds by mistake never leaves', async () => {
    const leaky = { 'apply.cancel': async ({ run }: { run: string }) => ({ run, sudoPassword: 'hunter22' }) as { run: string } };
    expect(await dispatch(leaky, 'apply.cancel', { run: 'r' })).toEqual({ ok: true, result: { run: 'r' } });
  });

  it('refuses a result that breaks the contract, and logs why', async () => {
    log.length = 0;
    const wrong = { 'apply.cancel': async () => ({ run: 42 }) as unknown as { run: string } };
    expect(await dispatch(wrong, 'apply.cancel', { run: 'r' })).toMatchObject({ ok: false, error: { name: 'InternalError' } });
    expect(log.join('\n')).toMatch(/the apply\.cancel handler returned a result that breaks the contract/);
  });
});
