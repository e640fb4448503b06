/**
 * Bundles the bench pages with vite, into a folder `picket serve` can serve: index.html (the real Terminal
 * component and transport), socket-only.html (the transport alone) and ceiling.html (xterm alone).
 */
import { build } from 'vite';

const PAGE_ROOT = new URL('./page/', import.meta.url).pathname;

export async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    root: PAGE_ROOT,
    base: './',
    configFile: false,
    logLevel: 'error',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    build: {
      outDir,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { input: { index: `${PAGE_ROOT}index.html`, ceiling: `${PAGE_ROOT}ceiling.html`, socket: `${PAGE_ROOT}socket-only.html` } },
    },
  });
}
