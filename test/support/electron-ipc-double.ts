/**
 * A double of Electron's IPC for the desktop face's specs, which run in Node without Electron's binary:
 * ipcMain (handlers by channel; invoke behaves as Electron's does — arguments and answer pass through the
 * structured clone, a second handler for a channel is an error, a handler that throws makes the caller's invoke
 * reject), one page's ipcRenderer wired to it, holding the invoke event (sender, frame URL) the page's calls
 * carry, and the page's webContents, whose send() reaches the page's listeners with an IPC event first.
 */
import type { InvokeEventLike, IpcMainLike } from '../../electron/ipc-handle.ts';
import type { IpcRendererLike } from '../../electron/preload-api.ts';
import type { EventReceiver } from '../../electron/desktop-ipc.ts';
import type { WireResponse } from '../../provisioning/contract/wire.ts';

type MainListener = (event: InvokeEventLike, ...args: unknown[]) => Promise<WireResponse>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

export class IpcMainDouble implements IpcMainLike {
  private readonly handlers = new Map<string, MainListener>();

  handle(channel: string, listener: MainListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  get channels(): string[] {
    return [...this.handlers.keys()].sort();
  }

  async invoke(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    try {
      return structuredClone(await handler(event, ...structuredClone(args)));
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }
}

/** One page in one window: the contents the main process sends to, and the page's ipcRenderer. */
export class PageIpcDouble implements IpcRendererLike {
  /** Every invoke the page made, in order. */
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  private readonly listeners = new Map<string, Set<RendererListener>>();
  private readonly subframe: boolean;
  destroyed = false;

  /** The window's webContents, as the main process sees it (compare with `sender`). */
  readonly contents: EventReceiver & { readonly id: number };

  constructor(
    private readonly main: IpcMainDouble,
    /** The page's URL, as its frame reports it; change it to play a navigation. */
    public url: string,
    options: { id?: number; subframe?: boolean } = {},
  ) {
    const page = this;
    this.contents = {
      id: options.id ?? 1,
      isDestroyed: () => page.destroyed,
      send: (channel, ...args) => page.deliver(channel, args),
    };
    this.subframe = options.subframe ?? false;
  }

  /** The event Electron hands ipcMain's handler for a call from this page. */
  invokeEvent(): InvokeEventLike {
    return { sender: this.contents, senderFrame: { url: this.url, parent: this.subframe ? { url: 'file:///parent' } : null } };
  }

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.main.invoke(this.invokeEvent(), channel, ...args);
  }

  on(channel: string, listener: RendererListener): this {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }

  /** webContents.send: each listener gets an IPC event (whose sender is this ipcRenderer) and a clone of the arguments. */
  private deliver(channel: string, args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: this, senderId: 0 }, ...structuredClone(args));
  }
}
