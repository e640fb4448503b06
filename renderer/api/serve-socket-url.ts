/**
 * The WebSocket URL of the `picket serve` that served this page: same host and port, path /ws. The token goes
 * along when the page's own URL still carries it; otherwise the cookie the first page load set authenticates.
 */
import { WEBSOCKET_PATH } from '../../provisioning/contract/wire.ts';

export function serveSocketUrl(page: { host: string; search: string }): string {
  const token = new URLSearchParams(page.search).get('token');
  return `ws://${page.host}${WEBSOCKET_PATH}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
