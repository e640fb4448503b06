import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from './events.ts';
import { REQUEST_NAMES, isRequestName, requests } from './requests.ts';
import { ClientMessageSchema, ServerMessageSchema } from './wire.ts';

describe('the request map', () => {
  it('names every request domain.action, once', () => {
    expect(REQUEST_NAMES.length).toBe(25);
    for (const name of REQUEST_NAMES) expect(name).toMatch(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
  });

  it('knows its own names and nothing inherited', () => {
    expect(isRequestName('project.open')).toBe(true);
    expect(isRequestName('constructor')).toBe(false);
    expect(isRequestName('__proto__')).toBe(false);
    expect(isRequestName('toString')).toBe(false);
  });

  it('refuses a misspelt payload field rather than ignoring it', () => {
    expect(requests['project.open'].request.safeParse({ path: '/p' }).success).toBe(true);
    expect(requests['project.open'].request.safeParse({ path: '/p', pth: '/q' }).success).toBe(false);
    expect(requests['inventory.run'].request.safeParse({}).success).toBe(true);
  });

  it('wraps every result as { ok: true, result } or { ok: false, error }', () => {
    const response = requests['apply.cancel'].response;
    expect(response.parse({ ok: true, result: { run: '0001-x' } })).toEqual({ ok: true, result: { run: '0001-x' } });
    expect(response.parse({ ok: false, error: { name: 'Busy', message: 'apply is running' } }).ok).toBe(false);
    expect(response.safeParse({ ok: true }).success).toBe(false);
  });

  it('takes a password only where one is stored', () => {
    const add = requests['hosts.add'].request.parse({
      host: { name: 'sensor-1', address: '198.18.0.5', roles: ['sensor'], login: { method: 'password', password: 'hunter22' } },
    });
    expect(add.host.login).toEqual({ method: 'password', password: 'hunter22' });
  });
});

describe('the wire', () => {
  it('reads requests and ready from a face, nothing else', () => {
    expect(ClientMessageSchema.parse({ type: 'request', id: 1, name: 'plan.get', payload: {} })).toMatchObject({ id: 1 });
    expect(ClientMessageSchema.parse({ type: 'ready' })).toEqual({ type: 'ready' });
    for (const bad of [null, 'x', [], {}, { type: 'request', id: -1, name: 'a.b' }, { type: 'request', id: 1.5, name: 'a.b' }, { type: 'response', id: 1 }, { type: 'ready', extra: 1 }]) {
      expect(ClientMessageSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('carries responses and events to a face', () => {
    expect(ServerMessageSchema.parse({ type: 'response', id: null, response: { ok: false, error: { name: 'InvalidMessage', message: 'x' } } }).type).toBe('response');
    const event = { type: 'event', event: { type: 'terminal.data', terminal: 't1', seq: 0, data: 'ls\r\n' } };
    expect(ServerMessageSchema.parse(event)).toEqual(event);
    expect(ServerMessageSchema.safeParse({ type: 'event', event: { type: 'terminal.data', terminal: 't1', seq: -1, data: '' } }).success).toBe(false);
  });

  it('lists every event type once', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES).toContain('hostKey.prompt');
    expect(EVENT_TYPES).toContain('entity.removed');
  });

  it('shows a host-key fingerprint only in OpenSSH SHA-256 form', () => {
    const prompt = { type: 'hostKey.prompt', promptId: 'k1', host: 'lab-1', address: '198.18.0.5', port: 22, keyType: 'ssh-ed25519' };
    expect(ServerMessageSchema.safeParse({ type: 'event', event: { ...prompt, fingerprint: `SHA256:${'A'.repeat(43)}` } }).success).toBe(true);
    expect(ServerMessageSchema.safeParse({ type: 'event', event: { ...prompt, fingerprint: 'MD5:aa:bb' } }).success).toBe(false);
  });
});
