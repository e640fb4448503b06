/**
 * `picket bundle build --lock FILE --from DIR`: a site with its own mirror already has the artifacts; they are
 * taken from DIR (at their bundle path, or by the file name of their URL) instead of downloaded, and each must
 * still match its pin in the lock before anything is assembled.
 */
import { rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MANIFEST_FILE, type BundleManifest } from './bundle-manifest.ts';
import type { BundleLock, BundleLockArtifact } from './bundle-lock.ts';
import { buildBundleFromFiles } from './build-bundle-from-files.ts';
import { componentsOfLock } from './build-bundle-from-lock.ts';
import type { BundleHashProgress } from './check-bundle-files.ts';
import { sha256File } from './sha256-file.ts';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (st) => st.isFile(),
    () => false,
  );
}

/** Where the mirror holds an artifact: DIR/<bundle path>, else DIR/<file name of the URL>. */
export async function findInMirror(mirrorDir: string, artifact: BundleLockArtifact): Promise<string | undefined> {
  const candidates = [join(mirrorDir, artifact.path), join(mirrorDir, decodeURIComponent(basename(new URL(artifact.url).pathname)))];
  for (const c of candidates) if (await isFile(c)) return c;
  return undefined;
}

export async function buildBundleFromMirror(opts: {
  lock: BundleLock;
  mirrorDir: string;
  outDir: string;
  mode?: 'copy' | 'hardlink';
  onProgress?: (p: BundleHashProgress) => void;
}): Promise<BundleManifest> {
  const problems: string[] = [];
  const files = [];
  for (const artifact of opts.lock.artifacts) {
    const source = await findInMirror(opts.mirrorDir, artifact);
    if (!source) {
      problems.push(`${artifact.name} ${artifact.version}: not in ${opts.mirrorDir} (looked for ${artifact.path} and ${basename(new URL(artifact.url).pathname)})`);
      continue;
    }
    const actual = await sha256File(source);
    if (actual !== artifact.sha256) {
      problems.push(`${artifact.name} ${artifact.version}: sha256 of ${source} is ${actual}, the lock pins ${artifact.sha256}`);
      continue;
    }
    files.push({ source, path: artifact.path });
  }
  if (problems.length > 0) throw new Error(`the mirror does not hold what the lock pins:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const manifest = await buildBundleFromFiles({ files, components: componentsOfLock(opts.lock), outDir: opts.outDir, mode: opts.mode ?? 'copy', ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  // The copies are what ships: they too must match the pins (a source changed while it was copied would not).
  const pins = new Map(opts.lock.artifacts.map((a) => [a.path, a.sha256]));
  const changed = manifest.files.filter((f) => pins.get(f.path) !== f.sha256);
  if (changed.length > 0) {
    await rm(join(opts.outDir, MANIFEST_FILE), { force: true });
    throw new Error(`changed while copied, not bundled: ${changed.map((f) => f.path).join(', ')}`);
  }
  return manifest;
}
