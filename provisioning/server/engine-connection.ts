/**
 * One face connected over WebSocket: its messages read and checked (anything malformed is answered with
 * { ok: false } and the connection stays open), and the rest handed to its face session (face-session.ts), which
 * the desktop window's IPC shares: requests dispatched, the engine's events queued until `ready`, the face's
 * terminals ended when the socket closes.
 */
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import { ClientMessageSchema, type ServerMessage, type WireResponse } from '../contract/wire.ts';
import type { EngineService } from './engine-service.ts';
import type { Face } from './face.ts';
import { openFaceSession, type Dispatch } from './face-session.ts';

export interface ConnectionOptions {
  engine: EngineService;
  /** The dispatcher of this face's requests (terminal requests act on the face's own terminals). */
  dispatcherFor: (face: Face) => Dispatch;
  /** The face connected from this machine (loopback). */
  onThisMachine: boolean;
  /** Requests one face may have in flight at once. */
  maxInFlight?: number;
}

function readId(value: unknown): number | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

export function serveConnection(socket: WebSocket, options: ConnectionOptions): void {
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const answer = (id: number | null, response: WireResponse) => send({ type: 'response', id, response });
  const refuse = (id: number | null, name: string, message: string) => answer(id, { ok: false, error: { name, message } });

  const session = openFaceSession({
    ...options,
    send: (event) => send({ type: 'event', event }),
    onOverflow: () => socket.close(1008, 'too many events before ready'),
  });
  socket.on('close', () => session.close());
  socket.on('error', () => socket.terminate());

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return refuse(null, 'InvalidMessage', 'messages are JSON text, not binary');
    let value: unknown;
    try {
      value = JSON.parse(data.toString());
    } catch {
      return refuse(null, 'InvalidMessage', 'the message is not JSON');
    }
    const parsed = ClientMessageSchema.safeParse(value);
    if (!parsed.success) {
      return refuse(readId(value), 'InvalidMessage', `the message is not a request or ready:\n${z.prettifyError(parsed.error)}`);
    }
    const message = parsed.data;
    if (message.type === 'ready') return session.ready();
    void session.request(message.name, message.payload).then((response) => answer(message.id, response));
  });
}
