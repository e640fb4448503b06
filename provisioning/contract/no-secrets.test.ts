/**
 * Secrets cross the contract only inward, in the requests that need them: no response and no event has a field
 * that could carry a password, passphrase, token or secret value. Checked on the schemas' shapes (every branch of
 * every union, every array element), so a field added later is caught even if no test ever fills it.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EngineEventSchema } from './events.ts';
import { REQUEST_NAMES, requests } from './requests.ts';
import { schemaFields } from './schema-fields.ts';
import { ServerMessageSchema } from './wire.ts';

/** A field named for a secret: password, sudoPassword, passphrase, token, apiToken, secret, secret-value, privateKey … */
function namesASecret(name: string): boolean {
  const word = name.toLowerCase().replace(/[-_]/g, '');
  return /(password|passwd|passphrase|token|secret|secretvalue|privatekey)$/.test(word);
}

const secretFields = (schema: z.ZodType) => schemaFields(schema).filter((f) => namesASecret(f.name)).map((f) => f.path);

describe('no secrets leave the engine', () => {
  it.each(REQUEST_NAMES)('the response of %s has no field for a secret', (name) => {
    expect(secretFields(requests[name].response)).toEqual([]);
  });

  it('no event has a field for a secret', () => {
    expect(schemaFields(EngineEventSchema).length).toBeGreaterThan(50);
    expect(secretFields(EngineEventSchema)).toEqual([]);
  });

  it('no server message has a field for a secret', () => {
    expect(secretFields(ServerMessageSchema)).toEqual([]);
  });

  it('only hosts.add carries secrets, inward', () => {
    const carrying = REQUEST_NAMES.map((name) => [name, secretFields(requests[name].request)] as const).filter(([, fields]) => fields.length > 0);
    expect(carrying).toEqual([['hosts.add', ['host.sudoPassword', 'host.login.passphrase', 'host.login.password']]]);
  });
});

describe('the check itself', () => {
  it('finds a secret field however deep it hides: in a union branch, an array, a record, an optional, a pipe, a lazy', () => {
    const leaky = z.object({
      hosts: z.array(
        z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('a'), ok: z.string() }),
          z.object({ kind: z.literal('b'), login: z.object({ sudo_password: z.string() }).optional() }),
        ]),
      ),
      extra: z.record(z.string(), z.object({ apiToken: z.string() }).nullable()),
      piped: z.string().pipe(z.string()).or(z.object({ 'secret-value': z.string() })),
      later: z.lazy(() => z.object({ Passphrase: z.string() })),
      pair: z.tuple([z.object({ secret: z.string() })]),
    });
    expect(secretFields(leaky)).toEqual(['hosts[].login.sudo_password', 'extra{}.apiToken', 'piped.secret-value', 'later.Passphrase', 'pair[0].secret']);
  });

  it('names of secrets are not secrets', () => {
    expect(['secretName', 'passphraseSecretName', 'tokenCount', 'identityFile'].filter(namesASecret)).toEqual([]);
  });

  it('refuses to skip a kind of schema it cannot walk', () => {
    expect(() => schemaFields(z.object({ f: z.function() as unknown as z.ZodType }))).toThrow(/cannot walk/);
  });
});
