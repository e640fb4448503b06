/**
 * The browser's transport alone: the step terminal's chunks over the real WebSocket transport (the renderer's
 * ws-transport), each acked as soon as it arrives, with nothing written anywhere. What Chromium's WebSocket and
 * the transport deliver to a page's main thread on this machine, before xterm does any work.
 */
import { serveSocketUrl } from '../../../renderer/api/serve-socket-url.ts';
import { createWsTransport } from '../../../renderer/api/ws-transport.ts';
import { fnv1a, FNV_OFFSET } from '../checksum.ts';

interface SocketHooks {
  benchOpened?: (terminal: string) => void;
  benchSocketDone?: (result: { chars: number; checksum: number }) => void;
}

const hooks = window as unknown as SocketHooks;
const params = new URLSearchParams(location.search);
const client = createWsTransport(serveSocketUrl(location));
let terminal: string | undefined;
let chars = 0;
let checksum = FNV_OFFSET;
client.on('terminal.data', (event) => {
  if (event.terminal !== terminal) return;
  chars += event.data.length;
  checksum = fnv1a(checksum, event.data);
  void client.request('terminal.ack', { terminal, seq: event.seq });
});
client.on('terminal.exit', (event) => {
  if (event.terminal === terminal) hooks.benchSocketDone?.({ chars, checksum });
});
void client.request('terminal.open', { run: params.get('run') ?? '', step: params.get('step') ?? '' }).then((response) => {
  if (!response.ok) throw new Error(response.error.message);
  terminal = response.result.terminal;
  hooks.benchOpened?.(terminal);
});
