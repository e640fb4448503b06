/**
 * The one way the main process answers the page over IPC. Every handler is registered through ipcHandle, which
 * for every call (a) checks who sent it — the app's own window, its top frame, showing the app's own page —
 * (b) parses the arguments with the channel's zod schema, and (c) never throws across IPC: a refusal, a bad
 * argument or a handler's failure comes back as `{ ok: false, error }` data, like every answer of the contract.
 */
import { z } from 'zod';
import type { DesktopChannel } from '../provisioning/contract/desktop-bridge.ts';
import type { WireResponse } from '../provisioning/contract/wire.ts';
import { toEngineError } from '../provisioning/server/request-failure.ts';

/** The frame an invoke came from, as Electron's WebFrameMain shows it. */
export interface SenderFrameLike {
  readonly url: string;
  /** null for a top frame. */
  readonly parent: unknown;
}

/** What the wrapper reads of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  readonly sender: unknown;
  /** null once the frame navigated away or closed. */
  readonly senderFrame: SenderFrameLike | null;
}

/** What the wrapper uses of Electron's ipcMain: injected, so the specs run without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<WireResponse>): void;
}

/** Who may call: the app's own window, showing the app's own page. */
export interface SenderPolicy {
  isAppWindow(sender: unknown): boolean;
  isAppUrl(url: string): boolean;
}

/** Why a call is refused, or undefined when its sender is the app's own page. */
export function senderRefusal(event: InvokeEventLike, policy: SenderPolicy): string | undefined {
  if (!policy.isAppWindow(event.sender)) return "the call came from a window that is not Picket's";
  const frame = event.senderFrame;
  if (frame === null) return 'the calling frame is gone (it navigated away or closed)';
  if (frame.parent !== null) return 'the call came from a frame inside the page, not the page itself';
  if (!policy.isAppUrl(frame.url)) return `the call came from a page that is not Picket's (${frame.url.slice(0, 200)})`;
  return undefined;
}

export type IpcHandler<S extends z.ZodType> = (args: z.output<S>) => Promise<WireResponse>;

/** Registers one channel's handler; `args` is the schema of the whole argument list after the event. */
export type IpcHandle = <S extends z.ZodType>(channel: DesktopChannel, args: S, handler: IpcHandler<S>) => void;

function failure(name: string, message: string): WireResponse {
  return { ok: false, error: { name, message } };
}

export function ipcHandle(ipcMain: IpcMainLike, policy: SenderPolicy, log: (line: string) => void): IpcHandle {
  return (channel, argsSchema, handler) => {
    ipcMain.handle(channel, async (event, ...args) => {
      try {
        const refusal = senderRefusal(event, policy);
        if (refusal) {
          log(`picket: refused ${channel}: ${refusal}`);
          return failure('ForeignSender', refusal);
        }
        const parsed = argsSchema.safeParse(args);
        if (!parsed.success) return failure('InvalidRequest', `${channel}: the arguments do not fit the contract:\n${z.prettifyError(parsed.error)}`);
        return await handler(parsed.data);
      } catch (error) {
        return { ok: false, error: toEngineError(error) };
      }
    });
  };
}
