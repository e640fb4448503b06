/**
 * `picket serve`: one HTTP server and its WebSocket on the same port, on 127.0.0.1 unless told otherwise, with a
 * fresh 256-bit token. HTTP serves the built UI; the WebSocket carries the contract's requests and events to the
 * engine. Every request is checked by the request guard (Host, token, and for WebSockets, Origin) first.
 */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { newAccessToken } from './access-token.ts';
import { serveConnection } from './engine-connection.ts';
import { EngineService } from './engine-service.ts';
import { faceDispatcher } from './face-dispatcher.ts';
import { reopenLastProject } from './handlers/project-handlers.ts';
import { httpHandler } from './http-handler.ts';
import { allowedAuthorities, DEFAULT_LISTEN, isLoopback, publicAuthority } from './listen-address.ts';
import { requestGuard, type RequestGuard } from './request-guard.ts';
import { upgradeRefusal } from './websocket-gate.ts';

/** Where the build puts the browser UI (vite's output for renderer/). */
export const DEFAULT_STATIC_ROOT = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

/** Largest message a face may send (terminal input is at most 64 KiB). */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface PicketServerOptions {
  /** An IP address; 127.0.0.1 by default. */
  listen?: string;
  /** 0 or absent: a free port. */
  port?: number;
  staticRoot?: string;
  hostKeyTimeoutMs?: number;
  /** Tests only: a shorter SSH handshake timeout than the connection's 20 s. */
  sshReadyTimeoutMs?: number;
  log?: (line: string) => void;
  /** Where the project opened last is remembered (defaultLastProjectFile()); nowhere when absent. */
  lastProjectFile?: string;
  /** Reopen the project remembered in lastProjectFile at start (`picket serve` without -f). */
  reopenLastProject?: boolean;
}

export interface PicketServer {
  /** The one URL to open: http://127.0.0.1:PORT/?token=… */
  url: string;
  address: AddressInfo;
  engine: EngineService;
  http: Server;
  /** Stops accepting, closes every face's connection (and so its terminals), cancels a run in progress (journaled), closes the hosts' connections. */
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export async function startPicketServer(options: PicketServerOptions = {}): Promise<PicketServer> {
  const listen = options.listen ?? DEFAULT_LISTEN;
  const log = options.log ?? ((line: string) => console.error(line));
  const token = newAccessToken();
  const engine = new EngineService({
    log,
    ...(options.hostKeyTimeoutMs ? { hostKeyTimeoutMs: options.hostKeyTimeoutMs } : {}),
    ...(options.sshReadyTimeoutMs ? { sshReadyTimeoutMs: options.sshReadyTimeoutMs } : {}),
    ...(options.lastProjectFile === undefined ? {} : { lastProjectFile: options.lastProjectFile }),
  });
  // Known once the port is: no request is read before then.
  let guard: RequestGuard | undefined;

  const dispatcherFor = faceDispatcher(engine, log);

  const http = createServer(httpHandler(() => guard, options.staticRoot ?? DEFAULT_STATIC_ROOT));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refusal = guard ? upgradeRefusal(guard, req) : { status: 503, reason: 'starting' };
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
    sockets.handleUpgrade(req, socket, head, (ws) => {
      serveConnection(ws, {
        engine,
        onThisMachine: isLoopback(req.socket.remoteAddress ?? ''),
        dispatcherFor,
      });
    });
  });
  http.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ host: listen, port: options.port ?? 0, exclusive: true }, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  guard = requestGuard(token, allowedAuthorities(listen, address.port), address.port);
  if (options.reopenLastProject) {
    const said = await reopenLastProject(engine);
    if (said) log(`picket serve: ${said}`);
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      for (const client of sockets.clients) client.close(1001, 'picket serve is stopping');
      await engine.close();
      // Faces had the time the engine took to stop to answer the close; one that did not is cut off.
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    })();
    return closing;
  };

  return { url: `http://${publicAuthority(listen, address.port)}/?token=${token}`, address, engine, http, close };
}
