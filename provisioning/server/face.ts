/**
 * One connected face (a browser tab over the WebSocket, or a page of the desktop window over IPC) as request handlers see
 * it: what is private to it. Most of the engine's events go to every face; a terminal's output goes to the face
 * that opened the terminal, which alone acks it, and its terminals end when it goes.
 */
import type { EngineEvent } from '../contract/events.ts';

export interface Face {
  /** Sends an event to this face only. */
  send(event: EngineEvent): void;
  /** Called once, when the face disconnects. */
  onClose(listener: () => void): void;
  /** The face runs on the machine the engine runs on (a loopback connection, or the desktop app's own window). */
  readonly onThisMachine: boolean;
}
