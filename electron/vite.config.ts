/**
 * Builds the desktop app's two Node-side bundles into dist/electron/, beside the UI in dist/renderer/:
 *
 * - `--mode main`: electron/main.ts with the engine it runs, as one ES module (main.js). Packages stay
 *   external (ssh2, node-pty, zod … are dependencies electron-builder ships; electron is the runtime's own).
 * - `--mode preload`: electron/preload.ts as ONE CommonJS file (preload.cjs), zod and the contract included,
 *   because a sandboxed preload can require nothing but Electron's renderer modules.
 *
 * `npm run build:electron` runs both.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/electron/', import.meta.url));

const main: UserConfig = {
  root,
  publicDir: false,
  build: {
    ssr: 'electron/main.ts',
    outDir,
    emptyOutDir: true,
    target: 'node22',
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
  },
};

const preload: UserConfig = {
  root,
  publicDir: false,
  build: {
    lib: { entry: 'electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    outDir,
    emptyOutDir: false,
    target: 'es2022',
    minify: false,
    sourcemap: true,
    rollupOptions: { external: ['electron'] },
  },
};

export default defineConfig(({ mode }) => {
  if (mode === 'main') return main;
  if (mode === 'preload') return preload;
  throw new Error(`electron/vite.config.ts builds --mode main or --mode preload, not ${mode}`);
});
