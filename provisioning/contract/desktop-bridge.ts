/**
 * The desktop transport: what the desktop window's preload exposes to the page as `window.picket`, and the IPC
 * channels between the preload and the main process — the only ones there are. It carries the contract's
 * requests, responses and events as wire.ts does for the WebSocket; what crosses is checked on both sides
 * (the main process checks the sender, the name and the payload; the page checks answers and events against
 * the contract), so both ends treat what they receive as unknown.
 */
import type { RequestName } from './requests.ts';

export const DESKTOP_CHANNELS = {
  /** invoke(name, payload) → a wire response ({ ok: true, result } | { ok: false, error }), never a rejection. */
  request: 'picket:request',
  /** invoke() → { ok }: the page's stores listen, so the engine may send what it kept for the window. */
  ready: 'picket:ready',
  /** main → page: one engine event per message. */
  event: 'picket:event',
} as const;

export type DesktopChannel = (typeof DESKTOP_CHANNELS)[keyof typeof DESKTOP_CHANNELS];

/** `window.picket` in the desktop app: these four keys and nothing else. */
export interface PicketDesktopApi {
  readonly face: 'desktop';
  /** One request of the contract. Resolves with the engine's answer, unchecked; never rejects. */
  request(name: RequestName, payload: unknown): Promise<unknown>;
  /** Hears every event the engine sends this window (unchecked); returns the function that stops hearing. */
  onEvent(listener: (event: unknown) => void): () => void;
  /** Tells the engine the page's stores listen. */
  ready(): Promise<unknown>;
}

export const DESKTOP_API_KEYS = ['face', 'onEvent', 'ready', 'request'] as const satisfies readonly (keyof PicketDesktopApi)[];
