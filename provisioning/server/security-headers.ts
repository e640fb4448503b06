/**
 * Headers on every response of `picket serve`: a content security policy that lets the page load only its own
 * scripts and talk only to its own WebSocket, no framing (clickjacking), no MIME sniffing, and no Referer
 * (the first URL carries the token).
 */
export function contentSecurityPolicy(authority: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src 'self' ws://${authority}`,
    "img-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** `authority` is the Host the request named, already checked to be one of the server's own. */
export function securityHeaders(authority: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(authority),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
