/**
 * Assembles a bundle from local files: each source is copied (or hard-linked) to its bundle path under outDir,
 * hashed there (streaming), and listed in a new manifest.json. Tests build their bundles this way, and so does a
 * site with its own mirror (picket bundle build --from DIR). The result is unsigned: picket bundle sign signs it.
 */
import { copyFile, link, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUNDLE_SCHEMA_VERSION, BundleManifestSchema, type BundleComponent, type BundleManifest } from './bundle-manifest.ts';
import type { BundleHashProgress } from './check-bundle-files.ts';
import { picketVersion } from './picket-version.ts';
import { sha256File } from './sha256-file.ts';
import { writeBundleManifest } from './write-bundle-manifest.ts';

export interface BundleSourceFile {
  /** A local file (symbolic links are followed). */
  source: string;
  /** Where it goes in the bundle: relative, '/'-separated. */
  path: string;
}

export interface BuildBundleFromFilesOptions {
  files: BundleSourceFile[];
  /** Components, each naming its bundle paths under `files`. */
  components?: BundleComponent[];
  /** A new or empty folder. */
  outDir: string;
  /**
   * 'copy' (default) gives the bundle its own bytes; 'hardlink' shares them with the sources (fast, no extra
   * space, falls back to a copy across filesystems) — then changing a source changes the bundle too.
   */
  mode?: 'copy' | 'hardlink';
  onProgress?: (p: BundleHashProgress) => void;
  createdAt?: Date;
}

async function place(source: string, target: string, mode: 'copy' | 'hardlink'): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  if (mode === 'hardlink') {
    try {
      await link(source, target);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    }
  }
  await copyFile(source, target);
}

async function assertEmptyFolder(dir: string): Promise<void> {
  try {
    const names = await readdir(dir);
    if (names.length > 0) throw new Error(`${dir} is not empty: give a new or empty folder for the bundle`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export async function buildBundleFromFiles(opts: BuildBundleFromFilesOptions): Promise<BundleManifest> {
  const mode = opts.mode ?? 'copy';
  const sizes: number[] = [];
  for (const f of opts.files) {
    const st = await stat(f.source).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${f.source}: cannot read (${error.code ?? String(error)}), for bundle path ${f.path}`);
    });
    if (!st.isFile()) throw new Error(`${f.source}: not a regular file (for bundle path ${f.path})`);
    sizes.push(st.size);
  }
  // Check the paths and components before a byte is copied: the schema refuses '..', duplicates and dangling names.
  const draft = BundleManifestSchema.safeParse({
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    picketVersion: picketVersion(),
    createdAt: (opts.createdAt ?? new Date()).toISOString(),
    components: opts.components ?? [],
    files: opts.files.map((f, i) => ({ path: f.path, size: sizes[i], sha256: '0'.repeat(64) })),
  });
  if (!draft.success) throw new Error(`cannot build the bundle: ${draft.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
  await assertEmptyFolder(opts.outDir);
  await mkdir(opts.outDir, { recursive: true });

  const bundleBytesTotal = sizes.reduce((a, b) => a + b, 0);
  let before = 0;
  const files = [];
  for (const [i, f] of opts.files.entries()) {
    const target = join(opts.outDir, f.path);
    await place(f.source, target, mode);
    const sha256 = await sha256File(target, (bytesDone, bytesTotal) =>
      opts.onProgress?.({ path: f.path, bytesDone, bytesTotal, bundleBytesDone: before + bytesDone, bundleBytesTotal }),
    );
    const size = (await stat(target)).size;
    if (size !== sizes[i]) throw new Error(`${f.source} changed size while it was copied (${sizes[i]} → ${size} bytes)`);
    before += size;
    files.push({ path: f.path, size, sha256 });
  }
  const manifest = BundleManifestSchema.parse({ ...draft.data, files });
  await writeBundleManifest(opts.outDir, manifest);
  return manifest;
}
