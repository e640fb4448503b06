/**
 * Which transport this page talks to the engine through: the desktop app's preload API when it is there
 * (`window.picket`), else the WebSocket of the `picket serve` that served the page.
 */
import type { PicketDesktopApi } from '../../provisioning/contract/desktop-bridge.ts';
import type { EngineClient } from './engine-client.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { serveSocketUrl } from './serve-socket-url.ts';
import { createWsTransport } from './ws-transport.ts';

export interface PageContext {
  picket?: PicketDesktopApi;
  location: { host: string; search: string };
}

export function pickTransport(page: PageContext): EngineClient {
  if (page.picket) return createIpcTransport(page.picket);
  return createWsTransport(serveSocketUrl(page.location));
}
