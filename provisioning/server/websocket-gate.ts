/**
 * Which WebSocket upgrades reach the engine: on the endpoint's path, naming this server in Host, from this
 * server's own page (Origin: a browser sends it and a page cannot forge it, so another site open in the same
 * browser is refused even though the browser would attach the cookie), and with the token. Refused before the
 * upgrade, with a plain HTTP status.
 */
import type { IncomingMessage } from 'node:http';
import { WEBSOCKET_PATH } from '../contract/wire.ts';
import { authorizedBy, hostAllowed, originAllowed, type RequestGuard } from './request-guard.ts';

export interface UpgradeRefusal {
  status: 401 | 403 | 404 | 421;
  reason: string;
}

export function upgradeRefusal(guard: RequestGuard, req: IncomingMessage): UpgradeRefusal | null {
  const target = req.url ?? '';
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  if (!hostAllowed(guard, req.headers.host)) return { status: 421, reason: 'not this server\'s address' };
  if (path !== WEBSOCKET_PATH) return { status: 404, reason: `the WebSocket endpoint is ${WEBSOCKET_PATH}` };
  if (!originAllowed(guard, req.headers.origin)) return { status: 403, reason: 'only the page picket serve itself serves may connect' };
  const search = new URLSearchParams(query === -1 ? '' : target.slice(query + 1));
  if (authorizedBy(guard, search, req.headers) === null) return { status: 401, reason: 'no valid token' };
  return null;
}
