/**
 * The token of one `picket serve`: 256 random bits, made at start and never stored. Whoever holds it can drive
 * installs, so it is compared in constant time (no early exit that would tell a guesser how much was right).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newAccessToken(): string {
  return randomBytes(32).toString('hex');
}

/** Hashing both sides first makes them equal in length, so even the length of a wrong guess tells nothing. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
