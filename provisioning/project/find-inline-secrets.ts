/**
 * Finds secrets written into cluster.yaml itself: a key that names a secret (password, token, private key …)
 * or a value that is one (a PEM private key, a URL with a password in it), anywhere in the document. Each finding
 * carries only its path and the one fixed message: the value is never quoted back, not even in part.
 */
import type { SpecIssue, SpecPath } from './spec-error.ts';

export const INLINE_SECRET_MESSAGE =
  'secrets never go in cluster.yaml: store it with `picket secret set NAME` and reference it as secret: NAME';

/** Key names (lowercased, "-" and "_" dropped) that hold a secret's value. References end in "secret" and are fine. */
const SECRET_KEYS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'passphrase', 'sudopassword', 'token', 'apitoken', 'authtoken', 'bearertoken',
  'privatekey', 'secretkey', 'apikey', 'accesskey', 'clientsecret', 'credential', 'credentials', 'psk', 'presharedkey',
]);

const PRIVATE_KEY_TEXT = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PuTTY-User-Key-File-\d+:/;
/** scheme://user:password@host */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replaceAll(/[-_]/g, ''));
}

export function looksLikeSecretValue(value: string): boolean {
  return PRIVATE_KEY_TEXT.test(value) || URL_WITH_PASSWORD.test(value.trim());
}

export function findInlineSecrets(value: unknown, path: SpecPath = []): SpecIssue[] {
  if (typeof value === 'string') return looksLikeSecretValue(value) ? [{ path, message: INLINE_SECRET_MESSAGE }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => findInlineSecrets(item, [...path, i]));
  if (typeof value !== 'object' || value === null) return [];
  const found: SpecIssue[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (isSecretKey(key)) found.push({ path: [...path, key], message: INLINE_SECRET_MESSAGE, at: 'key' });
    else found.push(...findInlineSecrets(child, [...path, key]));
  }
  return found;
}
