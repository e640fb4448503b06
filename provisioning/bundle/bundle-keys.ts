/**
 * Bundle signing keys: ed25519. The private key is PKCS#8 PEM (optionally encrypted with a passphrase); the public
 * key is written as one OpenSSH-style line, `ssh-ed25519 AAAA… comment`, short enough to paste into cluster.yaml
 * and comparable by eye with `ssh-keygen -lf FILE.pub`. Public keys are read in that form or as SPKI PEM.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Secret } from '../ssh/secret.ts';

const KEY_TYPE = 'ssh-ed25519';

/** A public key the project trusts, with its fingerprint for messages. */
export interface TrustedKey {
  readonly key: KeyObject;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** The OpenSSH wire blob of an ed25519 public key: string "ssh-ed25519", string key(32). */
function wireBlob(raw: Buffer): Buffer {
  return Buffer.concat([u32(KEY_TYPE.length), Buffer.from(KEY_TYPE), u32(raw.length), raw]);
}

function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function fingerprintOf(publicKey: KeyObject): string {
  return `SHA256:${createHash('sha256').update(wireBlob(rawPublicKey(publicKey))).digest('base64').replace(/=+$/, '')}`;
}

export function formatPublicKeyLine(publicKey: KeyObject, comment: string): string {
  const line = `${KEY_TYPE} ${wireBlob(rawPublicKey(publicKey)).toString('base64')}`;
  return comment ? `${line} ${comment.replace(/\s+/g, '-')}` : line;
}

/** Parses one public key, either an `ssh-ed25519 AAAA… [comment]` line or a SPKI PEM block; throws saying why not. */
export function parsePublicKey(text: string): TrustedKey {
  const trimmed = text.trim();
  let key: KeyObject;
  if (trimmed.startsWith('-----BEGIN')) {
    if (trimmed.includes('PRIVATE KEY')) throw new Error('this is a private key: give the public key (the .pub file)');
    try {
      key = createPublicKey(trimmed);
    } catch {
      throw new Error('not a readable PEM public key');
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key, not ed25519`);
  } else {
    const [type, b64] = trimmed.split(/\s+/);
    if (type !== KEY_TYPE || !b64) throw new Error(`expected "${KEY_TYPE} AAAA…" or a PEM public key`);
    const blob = Buffer.from(b64, 'base64');
    const raw = blob.subarray(4 + KEY_TYPE.length + 4);
    if (raw.length !== 32 || !blob.equals(wireBlob(raw))) throw new Error(`the ${KEY_TYPE} key data is malformed`);
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  }
  return { key, fingerprint: fingerprintOf(key) };
}

export interface GeneratedKeyPair {
  /** PKCS#8 PEM, encrypted (aes-256-cbc) when a passphrase was given. Write it 0600; never print it. */
  privateKeyPem: string;
  publicKeyLine: string;
  fingerprint: string;
}

export function generateBundleKeyPair(comment: string, passphrase?: Secret): GeneratedKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export(
    passphrase && !passphrase.isEmpty
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: passphrase.reveal() }
      : { type: 'pkcs8', format: 'pem' },
  ) as string;
  return { privateKeyPem, publicKeyLine: formatPublicKeyLine(publicKey, comment), fingerprint: fingerprintOf(publicKey) };
}

/** True when the PEM private key needs a passphrase to open. */
export function isEncryptedPrivateKey(pem: string): boolean {
  return pem.includes('ENCRYPTED PRIVATE KEY') || /Proc-Type: 4,ENCRYPTED/.test(pem);
}

/** Opens a PEM private key; the errors say what to do and never echo key material or the passphrase. */
export function loadPrivateKey(pem: string, passphrase?: Secret): KeyObject {
  if (isEncryptedPrivateKey(pem) && (!passphrase || passphrase.isEmpty)) {
    throw new Error('the key is protected by a passphrase: give it with --passphrase-stdin (or type it at the prompt)');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase && !passphrase.isEmpty ? { key: pem, passphrase: passphrase.reveal() } : pem);
  } catch {
    throw new Error(isEncryptedPrivateKey(pem) ? 'cannot open the key: wrong passphrase?' : 'not a readable PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType ?? 'unknown'} key: bundles are signed with ed25519 (picket bundle keygen)`);
  return key;
}
