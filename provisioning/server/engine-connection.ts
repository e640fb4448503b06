/**
 * One face connected over WebSocket: its messages read and checked (anything malformed is answered with
 * { ok: false } and the connection stays open), its requests dispatched, and the engine's events sent to it —
 * queued until it says `ready`, starting with what it must know (the snapshot). What belongs to this face alone
 * (its terminals) ends when it disconnects.
 */
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { EngineEvent } from '../contract/events.ts';
import { ClientMessageSchema, type ServerMessage, type WireResponse } from '../contract/wire.ts';
import type { EngineService } from './engine-service.ts';
import { EventOutbox } from './event-outbox.ts';
import type { Face } from './face.ts';
import { toEngineError } from './request-failure.ts';

export type Dispatch = (name: string, payload: unknown) => Promise<WireResponse>;

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
  const { engine } = options;
  const maxInFlight = options.maxInFlight ?? 64;
  let inFlight = 0;
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const answer = (id: number | null, response: WireResponse) => send({ type: 'response', id, response });
  const refuse = (id: number | null, name: string, message: string) => answer(id, { ok: false, error: { name, message } });

  const outbox = new EventOutbox(
    (event: EngineEvent) => send({ type: 'event', event }),
    () => socket.close(1008, 'too many events before ready'),
  );
  for (const event of engine.snapshot()) outbox.push(event);
  const unsubscribe = engine.subscribe((event) => outbox.push(event));
  const closeListeners: (() => void)[] = [];
  // The face's own events (its terminals' output) skip the outbox: the face asked for them, so it listens.
  const face: Face = { send: (event) => send({ type: 'event', event }), onClose: (listener) => closeListeners.push(listener), onThisMachine: options.onThisMachine };
  const dispatch = options.dispatcherFor(face);
  socket.on('close', () => {
    unsubscribe();
    for (const listener of closeListeners.splice(0)) listener();
  });
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
    if (message.type === 'ready') return outbox.ready();
    if (inFlight >= maxInFlight) return refuse(message.id, 'TooManyRequests', `at most ${maxInFlight} requests may wait at once`);
    inFlight++;
    dispatch(message.name, message.payload)
      .then(
        (response) => answer(message.id, response),
        (error: unknown) => answer(message.id, { ok: false, error: toEngineError(error) }),
      )
      .finally(() => inFlight--);
  });
}
