import { describe, expect, it } from 'vitest';
import { findInlineSecrets, INLINE_SECRET_MESSAGE } from './find-inline-secrets.ts';

describe('findInlineSecrets', () => {
  it('flags secret-named keys anywhere, at the key, and leaves references alone', () => {
    const spec = {
      defaults: { auth: { method: 'password', secret: 'login' }, sudoSecret: 'sudo' },
      hosts: [{ name: 'a', 'api-key': 'x', auth: { method: 'key', identityFile: 'k', passphraseSecret: 'p', Passphrase: 'y' } }],
    };
    expect(findInlineSecrets(spec)).toEqual([
      { path: ['hosts', 0, 'api-key'], message: INLINE_SECRET_MESSAGE, at: 'key' },
      { path: ['hosts', 0, 'auth', 'Passphrase'], message: INLINE_SECRET_MESSAGE, at: 'key' },
    ]);
  });

  it('flags private keys and URLs carrying a password, wherever they are', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n';
    expect(findInlineSecrets({ a: [{ b: pem }], url: 'kafka://user:pw@broker:9092', ok: 'https://broker:9092' }).map((f) => f.path)).toEqual([
      ['a', 0, 'b'],
      ['url'],
    ]);
  });

  it('a public key is not a secret', () => {
    expect(findInlineSecrets({ key: 'ssh-ed25519 AAAAC3Nza… ops@laptop', note: '-----BEGIN PUBLIC KEY-----' })).toEqual([]);
  });
});
