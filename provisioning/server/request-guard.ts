/**
 * Who may talk to `picket serve`: a request must name this server by one of its own addresses in Host (a DNS
 * name there means DNS rebinding: a foreign page resolving its own name to 127.0.0.1), and present the token —
 * in the query, an `Authorization: Bearer` header, or the cookie the UI's first page load received. A WebSocket
 * must also come from this server's own page (its Origin), so no other site open in the browser can drive the
 * engine with the user's cookie.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { tokenMatches } from './access-token.ts';

export type TokenSource = 'query' | 'header' | 'cookie';

export interface RequestGuard {
  token: string;
  /** `host:port` values Host may hold. */
  authorities: ReadonlySet<string>;
  /** Cookies are shared by every port of a host: the name carries the port, so two servers never overwrite each other's. */
  cookieName: string;
}

export function requestGuard(token: string, authorities: readonly string[], port: number): RequestGuard {
  return { token, authorities: new Set(authorities.map((a) => a.toLowerCase())), cookieName: `picket_token_${port}` };
}

export function hostAllowed(guard: RequestGuard, host: string | undefined): boolean {
  return host !== undefined && guard.authorities.has(host.toLowerCase());
}

export function originAllowed(guard: RequestGuard, origin: string | undefined): boolean {
  if (origin === undefined || !origin.toLowerCase().startsWith('http://')) return false;
  return guard.authorities.has(origin.slice('http://'.length).toLowerCase());
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Where the right token came from, or null when none did. */
export function authorizedBy(guard: RequestGuard, search: URLSearchParams, headers: IncomingHttpHeaders): TokenSource | null {
  const presented: [TokenSource, string | undefined][] = [
    ['query', search.get('token') ?? undefined],
    ['header', bearer(headers.authorization)],
    ['cookie', cookieValue(headers.cookie, guard.cookieName)],
  ];
  // Every source is compared, so the time taken does not depend on which one (if any) was right.
  let found: TokenSource | null = null;
  for (const [source, value] of presented) {
    if (tokenMatches(guard.token, value) && found === null) found = source;
  }
  return found;
}

/** The cookie that lets the UI's own asset and WebSocket requests in after the first page load. */
export function tokenCookie(guard: RequestGuard): string {
  return `${guard.cookieName}=${guard.token}; HttpOnly; SameSite=Strict; Path=/`;
}
