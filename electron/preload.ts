/**
 * The preload: the only bridge between the sandboxed UI and the main process. It exposes a narrow, named API
 * (one function per contract request), never ipcRenderer itself. Bundled into one CommonJS file, because a
 * sandboxed preload can require nothing but Electron's renderer modules.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('picket', {
  face: 'desktop' as const,
});
