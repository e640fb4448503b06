/**
 * The preload: the only bridge between the sandboxed UI and the main process. It exposes `window.picket`, a
 * narrow named API (preload-api.ts), never ipcRenderer itself. Bundled into one CommonJS file
 * (dist/electron/preload.cjs, see vite.config.ts here), because a sandboxed preload can require nothing but
 * Electron's renderer modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('picket', createPreloadApi(ipcRenderer));
