/**
 * The HTTP side of `picket serve`: the built UI's files, to requests that name this server in Host and carry the
 * token. Refusals come in this order — a foreign Host (421, before anything else is looked at), no or a wrong
 * token (401), a method other than GET/HEAD (405), a path outside the UI (403/404).
 */
import { createReadStream, existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WEBSOCKET_PATH } from '../contract/wire.ts';
import { notBuiltPage } from './not-built-page.ts';
import { authorizedBy, hostAllowed, tokenCookie, type RequestGuard } from './request-guard.ts';
import { securityHeaders } from './security-headers.ts';
import { lookupStatic } from './static-files.ts';

const REFUSALS: Record<number, string> = {
  400: 'bad request',
  401: 'picket serve: open the URL it printed at start (it carries the access token)',
  403: 'forbidden',
  404: 'not found',
  405: 'only GET and HEAD',
  421: 'picket serve answers only to its own address (the URL it printed)',
  426: 'this is the WebSocket endpoint: connect with a WebSocket',
};

function refuse(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${REFUSALS[status] ?? 'refused'}\n`);
}

export function httpHandler(guard: () => RequestGuard | undefined, staticRoot: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const g = guard();
    const host = req.headers.host;
    if (!g || host === undefined || !hostAllowed(g, host)) return refuse(res, 421);
    const headers = securityHeaders(host);
    const target = req.url ?? '';
    if (!target.startsWith('/')) return refuse(res, 400, headers);
    const query = target.indexOf('?');
    const rawPath = query === -1 ? target : target.slice(0, query);
    const search = new URLSearchParams(query === -1 ? '' : target.slice(query + 1));
    const via = authorizedBy(g, search, req.headers);
    if (via === null) return refuse(res, 401, { ...headers, 'WWW-Authenticate': 'Bearer realm="picket"' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, { ...headers, Allow: 'GET, HEAD' });
    if (rawPath === WEBSOCKET_PATH) return refuse(res, 426, headers);
    // The page's own assets and WebSocket authenticate with this cookie, so the token need not be in every URL.
    if (via !== 'cookie') headers['Set-Cookie'] = tokenCookie(g);

    if (!existsSync(staticRoot) && rawPath === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : notBuiltPage(staticRoot));
      return;
    }
    lookupStatic(staticRoot, rawPath).then(
      (found) => {
        if (!found.found) return refuse(res, found.status, headers);
        res.writeHead(200, { ...headers, 'Content-Type': found.contentType });
        if (req.method === 'HEAD') return res.end();
        createReadStream(found.file)
          .on('error', () => res.destroy())
          .pipe(res);
      },
      () => refuse(res, 404, headers),
    );
  };
}
