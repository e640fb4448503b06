/**
 * One connected face, whatever carries it (a browser tab's WebSocket, the desktop window's IPC): the engine's
 * events queued for it until it says `ready` — starting with what it must know (the snapshot) — its requests
 * dispatched with a bound on how many wait at once, and what belongs to it alone (its terminals) ended when it
 * goes. The transport only reads its messages and carries what this sends.
 */
import type { EngineEvent } from '../contract/events.ts';
import type { WireResponse } from '../contract/wire.ts';
import type { EngineService } from './engine-service.ts';
import { EventOutbox } from './event-outbox.ts';
import type { Face } from './face.ts';
import { toEngineError } from './request-failure.ts';

export type Dispatch = (name: string, payload: unknown) => Promise<WireResponse>;

export interface FaceSessionOptions {
  engine: EngineService;
  /** The dispatcher of this face's requests (terminal requests act on the face's own terminals). */
  dispatcherFor: (face: Face) => Dispatch;
  /** The face runs on the machine the engine runs on. */
  onThisMachine: boolean;
  /** Carries one event to the face. */
  send: (event: EngineEvent) => void;
  /** The face let too many events pile up without saying ready: its transport should drop it. */
  onOverflow: () => void;
  /** Requests one face may have in flight at once. */
  maxInFlight?: number;
}

export interface FaceSession {
  /** Never rejects: every failure, this face having gone included, is an `{ ok: false }` answer. */
  request(name: string, payload: unknown): Promise<WireResponse>;
  /** The face's stores listen: what was queued goes out now, later events at once. */
  ready(): void;
  /** The face is gone: no more events, and its own terminals end. Safe to call more than once. */
  close(): void;
}

function failure(name: string, message: string): WireResponse {
  return { ok: false, error: { name, message } };
}

export function openFaceSession(options: FaceSessionOptions): FaceSession {
  const { engine } = options;
  const maxInFlight = options.maxInFlight ?? 64;
  let inFlight = 0;
  let closed = false;

  const outbox = new EventOutbox(options.send, options.onOverflow);
  for (const event of engine.snapshot()) outbox.push(event);
  const unsubscribe = engine.subscribe((event) => outbox.push(event));
  const closeListeners: (() => void)[] = [];
  // The face's own events (its terminals' output) skip the outbox: the face asked for them, so it listens.
  const face: Face = {
    send: (event) => {
      if (!closed) options.send(event);
    },
    onClose: (listener) => closeListeners.push(listener),
    onThisMachine: options.onThisMachine,
  };
  const dispatch = options.dispatcherFor(face);

  return {
    async request(name, payload) {
      if (closed) return failure('Disconnected', 'this window is no longer connected to the engine');
      if (inFlight >= maxInFlight) return failure('TooManyRequests', `at most ${maxInFlight} requests may wait at once`);
      inFlight++;
      try {
        return await dispatch(name, payload);
      } catch (error) {
        return { ok: false, error: toEngineError(error) };
      } finally {
        inFlight--;
      }
    },
    ready: () => outbox.ready(),
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      for (const listener of closeListeners.splice(0)) listener();
    },
  };
}
