import { describe, expect, it } from 'vitest';
import { newAccessToken, tokenMatches } from './access-token.ts';

describe('the access token', () => {
  it('is 256 random bits as 64 hex digits, new every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newAccessToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('matches only itself: not a prefix, not a longer text, not nothing', () => {
    const token = newAccessToken();
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, token.slice(0, 63))).toBe(false);
    expect(tokenMatches(token, `${token}0`)).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
  });
});
