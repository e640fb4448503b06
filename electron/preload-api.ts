/**
 * What the preload hands the page as `window.picket`: four named members over three fixed channels. The page
 * never sees ipcRenderer or an IPC event (an event's `sender` is ipcRenderer itself); it names a request of the
 * contract, and a name that is not one is refused here, before anything is sent.
 */
import { DESKTOP_CHANNELS, type PicketDesktopApi } from '../provisioning/contract/desktop-bridge.ts';
import { isRequestName, type RequestName } from '../provisioning/contract/requests.ts';

/** What the preload uses of Electron's ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function failed(name: string, message: string) {
  return { ok: false as const, error: { name, message } };
}

function ipcFailure(what: string, error: unknown) {
  return failed('IpcFailed', `${what} did not reach the engine: ${error instanceof Error ? error.message : String(error)}`);
}

export function createPreloadApi(ipc: IpcRendererLike): PicketDesktopApi {
  return {
    face: 'desktop',
    async request(name: RequestName, payload: unknown): Promise<unknown> {
      // The page is typed, but what it passes is not: check before sending.
      if (typeof name !== 'string' || !isRequestName(name)) {
        return failed('UnknownRequest', `there is no request named ${JSON.stringify(String(name)).slice(0, 80)}`);
      }
      try {
        return await ipc.invoke(DESKTOP_CHANNELS.request, name, payload);
      } catch (error) {
        return ipcFailure(name, error);
      }
    },
    onEvent(listener: (event: unknown) => void): () => void {
      const heard = (_event: unknown, value: unknown) => listener(value);
      ipc.on(DESKTOP_CHANNELS.event, heard);
      return () => void ipc.removeListener(DESKTOP_CHANNELS.event, heard);
    },
    async ready(): Promise<unknown> {
      try {
        return await ipc.invoke(DESKTOP_CHANNELS.ready);
      } catch (error) {
        return ipcFailure('ready', error);
      }
    },
  };
}
