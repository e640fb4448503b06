/** Signing keys: the .pub line is what OpenSSH reads, fingerprints match ssh-keygen's, and signatures round-trip. */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secret } from '../ssh/secret.ts';
import { generateBundleKeyPair, isEncryptedPrivateKey, loadPrivateKey, parsePublicKey } from './bundle-keys.ts';
import { decodeSignature, findSigningKey, formatSignature, signManifestBytes } from './bundle-signature.ts';

const hasSshKeygen = spawnSync('ssh-keygen', ['-?']).error === undefined;

describe('bundle keys', () => {
  it.runIf(hasSshKeygen)('writes a public key line that ssh-keygen reads, with the same fingerprint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'picket-keys-'));
    try {
      const keys = generateBundleKeyPair('field kit');
      expect(keys.publicKeyLine).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA[A-Za-z0-9+/=]+ field-kit$/);
      await writeFile(join(dir, 'k.pub'), `${keys.publicKeyLine}\n`);
      const out = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k.pub')], { encoding: 'utf8' });
      expect(out.stdout.split(' ')[1]).toBe(keys.fingerprint);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the same key from its ssh-ed25519 line and from PEM, and refuses other things', () => {
    const keys = generateBundleKeyPair('k');
    const pem = createPublicKey(loadPrivateKey(keys.privateKeyPem)).export({ type: 'spki', format: 'pem' }) as string;
    expect(parsePublicKey(pem).fingerprint).toBe(keys.fingerprint);
    expect(parsePublicKey(`  ${keys.publicKeyLine}\n`).fingerprint).toBe(keys.fingerprint);
    expect(() => parsePublicKey(keys.privateKeyPem)).toThrow('this is a private key');
    expect(() => parsePublicKey('ssh-rsa AAAAB3NzaC1yc2E= x')).toThrow('expected "ssh-ed25519 AAAA…"');
    expect(() => parsePublicKey('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==')).toThrow('malformed');
  });

  it('encrypts the private key with a passphrase, and opens it only with that passphrase', () => {
    const keys = generateBundleKeyPair('k', new Secret('correct horse'));
    expect(isEncryptedPrivateKey(keys.privateKeyPem)).toBe(true);
    expect(() => loadPrivateKey(keys.privateKeyPem)).toThrow('protected by a passphrase');
    expect(() => loadPrivateKey(keys.privateKeyPem, new Secret('wrong'))).toThrow('wrong passphrase?');
    expect(loadPrivateKey(keys.privateKeyPem, new Secret('correct horse')).asymmetricKeyType).toBe('ed25519');
  });

  it('signs and verifies the exact manifest bytes, as base64 text or raw bytes', () => {
    const keys = generateBundleKeyPair('k');
    const other = generateBundleKeyPair('other');
    const trusted = [parsePublicKey(other.publicKeyLine), parsePublicKey(keys.publicKeyLine)];
    const bytes = Buffer.from('{"schemaVersion":1}\n');
    const sig = signManifestBytes(bytes, loadPrivateKey(keys.privateKeyPem));
    const text = formatSignature(sig);
    expect(text).toMatch(/^[A-Za-z0-9+/]{86}==\n$/);
    const decoded = decodeSignature(Buffer.from(text));
    expect('signature' in decoded && findSigningKey(bytes, decoded.signature, trusted)?.fingerprint).toBe(keys.fingerprint);
    const raw = decodeSignature(sig);
    expect('signature' in raw && findSigningKey(bytes, raw.signature, trusted)?.fingerprint).toBe(keys.fingerprint);
    expect('signature' in decoded && findSigningKey(Buffer.from('{"schemaVersion":1} \n'), decoded.signature, trusted)).toBeUndefined();
    expect(decodeSignature(Buffer.from('hello'))).toEqual({ error: expect.stringContaining('not an ed25519 signature') });
  });
});
