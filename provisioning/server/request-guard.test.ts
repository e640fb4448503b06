import { describe, expect, it } from 'vitest';
import { authorizedBy, hostAllowed, originAllowed, requestGuard, tokenCookie } from './request-guard.ts';

const token = 'a'.repeat(64);
const guard = requestGuard(token, ['127.0.0.1:4100'], 4100);

describe('Host (DNS-rebinding defence)', () => {
  it('accepts only the server’s own address and port', () => {
    expect(hostAllowed(guard, '127.0.0.1:4100')).toBe(true);
    for (const host of [undefined, '', '127.0.0.1', '127.0.0.1:4101', 'localhost:4100', 'evil.example:4100', '127.0.0.1.nip.io:4100']) {
      expect(hostAllowed(guard, host), String(host)).toBe(false);
    }
  });
});

describe('Origin (cross-site WebSocket defence)', () => {
  it('accepts only the server’s own origin', () => {
    expect(originAllowed(guard, 'http://127.0.0.1:4100')).toBe(true);
    for (const origin of [undefined, 'null', 'https://127.0.0.1:4100', 'http://127.0.0.1:4101', 'http://evil.example', 'http://localhost:4100', 'file://']) {
      expect(originAllowed(guard, origin), String(origin)).toBe(false);
    }
  });
});

describe('the token', () => {
  const none = new URLSearchParams();
  it('is taken from the query, a Bearer header or the port’s own cookie', () => {
    expect(authorizedBy(guard, new URLSearchParams({ token }), {})).toBe('query');
    expect(authorizedBy(guard, none, { authorization: `Bearer ${token}` })).toBe('header');
    expect(authorizedBy(guard, none, { cookie: `theme=dark; picket_token_4100=${token}` })).toBe('cookie');
  });

  it('refuses a wrong token, another port’s cookie, and other schemes', () => {
    expect(authorizedBy(guard, new URLSearchParams({ token: 'b'.repeat(64) }), {})).toBeNull();
    expect(authorizedBy(guard, none, { cookie: `picket_token_4101=${token}` })).toBeNull();
    expect(authorizedBy(guard, none, { authorization: `Basic ${token}` })).toBeNull();
    expect(authorizedBy(guard, none, {})).toBeNull();
  });

  it('is kept in an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(tokenCookie(guard)).toBe(`picket_token_4100=${token}; HttpOnly; SameSite=Strict; Path=/`);
  });
});
