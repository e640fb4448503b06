/**
 * manifest.sig: a detached ed25519 signature over manifest.json's exact bytes (no re-serialisation, so what was
 * signed is what is read). Written as one line of base64 (88 characters and a newline); the raw 64 bytes are read too.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import type { TrustedKey } from './bundle-keys.ts';

const ED25519_SIGNATURE_BYTES = 64;
const BASE64_SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

export function signManifestBytes(manifestBytes: Buffer, privateKey: KeyObject): Buffer {
  return sign(null, manifestBytes, privateKey);
}

export function formatSignature(signature: Buffer): string {
  return `${signature.toString('base64')}\n`;
}

/** The 64 signature bytes of a manifest.sig, or an error saying what the file holds instead. */
export function decodeSignature(file: Buffer): { signature: Buffer } | { error: string } {
  const text = file.toString('latin1').trim();
  if (BASE64_SIGNATURE.test(text)) return { signature: Buffer.from(text, 'base64') };
  if (file.length === ED25519_SIGNATURE_BYTES) return { signature: file };
  return { error: `not an ed25519 signature (expected one line of base64, or 64 raw bytes; found ${file.length} bytes)` };
}

/** The trusted key that made this signature, or undefined when none did. */
export function findSigningKey(manifestBytes: Buffer, signature: Buffer, trusted: readonly TrustedKey[]): TrustedKey | undefined {
  return trusted.find((t) => verify(null, manifestBytes, t.key, signature));
}
