/**
 * A face of a real `picket serve`, as the suites drive terminals through it: the renderer's own WebSocket
 * transport (over the `ws` package, with the page's Origin and token), and one terminal's output as that face sees
 * it — chunks in order, acked as they arrive unless the test acks by hand.
 */
import WebSocket from 'ws';
import type { EngineClient } from '../../renderer/api/engine-client.ts';
import { createWsTransport } from '../../renderer/api/ws-transport.ts';
import type { TerminalSource } from '../../provisioning/contract/terminal-requests.ts';

export function connectFace(serverUrl: string): EngineClient {
  const url = new URL(serverUrl);
  const origin = `http://${url.host}`;
  return createWsTransport(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, { createSocket: (u) => new WebSocket(u, { origin }) });
}

export interface WatchedTerminal {
  id: string;
  chunks: { seq: number; data: string }[];
  text(): string;
  exit(): { code: number | null; signal: string | null } | undefined;
  /** Waits until `condition` holds; on timeout, fails showing the end of what the terminal printed. */
  until(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  type(data: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a terminal and watches it from its first chunk on. */
export async function openTerminal(client: EngineClient, source: TerminalSource, options: { ack: boolean } = { ack: true }): Promise<WatchedTerminal> {
  let id: string | undefined;
  const chunks: { seq: number; data: string }[] = [];
  let exit: { code: number | null; signal: string | null } | undefined;
  client.on('terminal.data', (event) => {
    if (event.terminal !== id) return;
    chunks.push({ seq: event.seq, data: event.data });
    if (options.ack) void client.request('terminal.ack', { terminal: event.terminal, seq: event.seq });
  });
  client.on('terminal.exit', (event) => {
    if (event.terminal === id) exit = { code: event.code, signal: event.signal };
  });
  const opened = await client.request('terminal.open', source);
  if (!opened.ok) throw new Error(`terminal.open: ${opened.error.name}: ${opened.error.message}`);
  const terminal = opened.result.terminal;
  id = terminal;
  const text = () => chunks.map((c) => c.data).join('');
  const ok = async (request: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const response = await request;
    if (!response.ok) throw new Error(response.error?.message);
  };
  return {
    id: terminal,
    chunks,
    text,
    exit: () => exit,
    async until(condition, what, timeoutMs = 15_000) {
      const started = Date.now();
      while (!condition()) {
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; the terminal printed:\n${text().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    type: (data) => ok(client.request('terminal.input', { terminal, data })),
    close: () => ok(client.request('terminal.close', { terminal })),
  };
}
