/**
 * Opens a bundle .tar by extracting it, entry by entry, into a cache folder: verification and distribution then
 * read ordinary files (random access, resumable uploads). Every entry is checked before a byte of it is written
 * (tar-entry-safety.ts); if any is refused, the whole extraction is removed and the refusal names each entry.
 *
 * Where: $XDG_CACHE_HOME/picket/bundles (default ~/.cache/picket/bundles), one folder per tar (keyed by its real
 * path), replaced by a fresh extraction each time so it always matches the tar — it needs as much free space as
 * the bundle. The tar's own drive may be read-only, hence not a sibling folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { extract, type ReadEntry } from 'tar';
import { MANIFEST_FILE } from './bundle-manifest.ts';
import { unsafeTarEntry } from './tar-entry-safety.ts';

export interface RefusedTarEntry {
  path: string;
  reason: string;
}

/** The tar holds entries that must not be extracted; nothing of it was left on disk. */
export class UnsafeTarError extends Error {
  override readonly name = 'UnsafeTarError';
  constructor(
    readonly tarPath: string,
    readonly refused: readonly RefusedTarEntry[],
  ) {
    const shown = refused.slice(0, 20).map((r) => `  ${JSON.stringify(r.path)}: ${r.reason}`);
    if (refused.length > shown.length) shown.push(`  … and ${refused.length - shown.length} more`);
    super(`${tarPath}: refused to extract ${refused.length} unsafe entr${refused.length === 1 ? 'y' : 'ies'}:\n${shown.join('\n')}`);
  }
}

export function bundleCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'picket', 'bundles');
}

/** The extraction folder for one tar: its name plus a short hash of its real path (two tars never share one). */
export async function extractionDirFor(tarPath: string, cacheRoot = bundleCacheRoot()): Promise<string> {
  const real = await realpath(tarPath);
  const tag = createHash('sha256').update(real).digest('hex').slice(0, 12);
  return join(cacheRoot, `${basename(real).replace(/\.tar(\.\w+)?$/, '')}-${tag}`);
}

/**
 * Extracts `tarPath` into `destDir` (emptied first) and returns the folder holding manifest.json: destDir itself,
 * or its one top-level folder when the tar was made of the bundle folder (`tar -cf b.tar bundle/`).
 */
export async function extractBundleTar(tarPath: string, destDir: string, onProgress?: (bytesDone: number, bytesTotal: number) => void): Promise<string> {
  await rm(destDir, { recursive: true, force: true });
  await mkdir(destDir, { recursive: true, mode: 0o700 });
  const refused: RefusedTarEntry[] = [];
  try {
    const total = (await stat(tarPath)).size;
    const unpack = extract({
      cwd: destDir,
      strict: true,
      // As root, node-tar would otherwise chown files to the uids in the archive.
      preserveOwner: false,
      filter: (path, entry) => {
        const e = entry as ReadEntry;
        const reason = unsafeTarEntry({ path, type: e.type, linkpath: e.linkpath });
        if (reason) refused.push({ path, reason });
        return reason === undefined && refused.length === 0;
      },
    });
    await new Promise<void>((resolve, reject) => {
      const input = createReadStream(tarPath, { highWaterMark: 1 << 20 });
      let done = 0;
      input.on('data', (chunk) => {
        done += chunk.length;
        onProgress?.(done, total);
      });
      input.on('error', reject);
      unpack.on('error', reject);
      // 'close': every entry is written to disk, not only read.
      unpack.on('close', () => resolve());
      input.pipe(unpack);
    });
  } catch (error) {
    await rm(destDir, { recursive: true, force: true });
    throw new Error(`${tarPath}: not a readable tar (${error instanceof Error ? error.message : String(error)})`);
  }
  if (refused.length > 0) {
    await rm(destDir, { recursive: true, force: true });
    throw new UnsafeTarError(tarPath, refused);
  }
  return bundleRootIn(destDir);
}

async function bundleRootIn(dir: string): Promise<string> {
  const names = await readdir(dir);
  if (names.includes(MANIFEST_FILE) || names.length !== 1) return dir;
  const only = join(dir, names[0]!);
  const st = await stat(only);
  if (st.isDirectory() && (await readdir(only)).includes(MANIFEST_FILE)) return only;
  return dir;
}
