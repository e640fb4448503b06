/**
 * Builds the browser UI (renderer/) into dist/renderer/, which `picket serve` serves and the desktop app loads.
 * No React plugin: Vite 8 transforms JSX with oxc, told here to use React's automatic runtime. Relative asset
 * paths, so the same build works from http://127.0.0.1:PORT/ and from a file:// URL in Electron. Everything is
 * bundled: no font, script or style comes from a CDN (the field is offline).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer/', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    // The CSP allows no inline script: the module-preload polyfill would be one.
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Served from loopback or a file, never over a slow network: one bundle (xterm and zod included) is fine.
    chunkSizeWarningLimit: 1500,
    target: 'es2022',
  },
});
