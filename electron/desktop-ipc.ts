/**
 * The desktop transport's main-process side: the request and ready channels, each through ipcHandle (sender
 * checked, arguments parsed, failures as data), and the one channel events go out on. A request's name must be
 * one of the contract's; its payload is then checked by the same dispatcher the WebSocket uses.
 */
import { z } from 'zod';
import { DESKTOP_CHANNELS } from '../provisioning/contract/desktop-bridge.ts';
import type { EngineEvent } from '../provisioning/contract/events.ts';
import { REQUEST_NAMES, type RequestName } from '../provisioning/contract/requests.ts';
import type { WireResponse } from '../provisioning/contract/wire.ts';
import type { FaceSession } from '../provisioning/server/face-session.ts';
import type { IpcHandle } from './ipc-handle.ts';

/** [name, payload]: the name one of the contract's requests; the payload checked against that request's schema later. */
export const RequestArgsSchema = z.tuple([z.enum(REQUEST_NAMES as [RequestName, ...RequestName[]]), z.unknown()]);
export const ReadyArgsSchema = z.tuple([]);

const notConnected: WireResponse = { ok: false, error: { name: 'Disconnected', message: 'the window has no page connected to the engine; reload it (Ctrl+R)' } };

export function serveDesktopIpc(handle: IpcHandle, face: { readonly current: FaceSession | undefined }): void {
  handle(DESKTOP_CHANNELS.request, RequestArgsSchema, async ([name, payload]) => (await face.current?.request(name, payload)) ?? notConnected);
  handle(DESKTOP_CHANNELS.ready, ReadyArgsSchema, async () => {
    const session = face.current;
    if (!session) return notConnected;
    session.ready();
    return { ok: true, result: {} };
  });
}

/** What sending an event uses of a webContents. */
export interface EventReceiver {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

/** Events reach the page on one channel, one event per message. */
export function eventSender(target: () => EventReceiver | undefined): (event: EngineEvent) => void {
  return (event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(DESKTOP_CHANNELS.event, event);
  };
}
