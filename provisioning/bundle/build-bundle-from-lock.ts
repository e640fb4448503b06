/**
 * `picket bundle build --lock`: downloads every artifact of a lock file into the bundle folder (one at a time, so
 * each gets the whole link), each checked against its pin, then writes manifest.json. Rerunning after a failure
 * or an interruption keeps what is already verified and resumes partial downloads. Every failed artifact is
 * reported, and no manifest is written unless all arrived intact.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BUNDLE_SCHEMA_VERSION, BundleManifestSchema, MANIFEST_FILE, SIGNATURE_FILE, type BundleComponent, type BundleManifest } from './bundle-manifest.ts';
import type { BundleLock, BundleLockArtifact } from './bundle-lock.ts';
import { downloadArtifact, type DownloadRequest, type DownloadResult } from './download-artifact.ts';
import { listBundleFolder } from './list-bundle-folder.ts';
import { picketVersion } from './picket-version.ts';
import { writeBundleManifest } from './write-bundle-manifest.ts';

export type LockBuildEvent =
  | { type: 'start'; artifact: BundleLockArtifact; index: number; count: number }
  | { type: 'progress'; artifact: BundleLockArtifact; bytesDone: number; bytesTotal: number | undefined }
  | { type: 'done'; artifact: BundleLockArtifact; result: DownloadResult }
  | { type: 'failed'; artifact: BundleLockArtifact; error: Error };

export interface BuildBundleFromLockOptions {
  lock: BundleLock;
  outDir: string;
  onEvent?: (event: LockBuildEvent) => void;
  download?: Pick<DownloadRequest, 'attempts' | 'idleTimeoutMs' | 'retryDelayMs'>;
  createdAt?: Date;
}

export class BundleBuildError extends Error {
  override readonly name = 'BundleBuildError';
  constructor(readonly failures: { artifact: BundleLockArtifact; error: Error }[]) {
    super(`${failures.length} artifact${failures.length === 1 ? '' : 's'} failed:\n${failures.map((f) => `  ${f.error.message}`).join('\n')}`);
  }
}

/** One component per (name, version, kind), in lock order, listing its files. */
export function componentsOfLock(lock: BundleLock): BundleComponent[] {
  const byKey = new Map<string, BundleComponent>();
  for (const a of lock.artifacts) {
    const key = JSON.stringify([a.name, a.version, a.kind]);
    const component = byKey.get(key) ?? { name: a.name, version: a.version, kind: a.kind, files: [] };
    component.files.push(a.path);
    byKey.set(key, component);
  }
  return [...byKey.values()];
}

/** Files in outDir that a build of this lock did not put there (a rerun may only find its own files and .parts). */
async function foreignFiles(outDir: string, lock: BundleLock): Promise<string[]> {
  const own = new Set(lock.artifacts.flatMap((a) => [a.path, `${a.path}.part`]));
  try {
    return (await listBundleFolder(outDir)).map((e) => e.path).filter((p) => !own.has(p) && p !== `${MANIFEST_FILE}.tmp`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function buildBundleFromLock(opts: BuildBundleFromLockOptions): Promise<BundleManifest> {
  const { lock, outDir } = opts;
  const foreign = await foreignFiles(outDir, lock);
  if (foreign.length > 0) {
    throw new Error(`${outDir} holds files the lock does not list (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}): give a new folder, or the folder of an earlier build of this lock`);
  }
  await mkdir(outDir, { recursive: true });
  // The old manifest (and its signature) no longer describe what is about to be here.
  await rm(join(outDir, SIGNATURE_FILE), { force: true });
  await rm(join(outDir, MANIFEST_FILE), { force: true });

  const failures: { artifact: BundleLockArtifact; error: Error }[] = [];
  const files = [];
  for (const [index, artifact] of lock.artifacts.entries()) {
    opts.onEvent?.({ type: 'start', artifact, index, count: lock.artifacts.length });
    const dest = join(outDir, artifact.path);
    await mkdir(dirname(dest), { recursive: true });
    try {
      const result = await downloadArtifact({
        ...opts.download,
        name: `${artifact.name} ${artifact.version} (${artifact.path})`,
        url: artifact.url,
        sha256: artifact.sha256,
        size: artifact.size,
        dest,
        onProgress: (bytesDone, bytesTotal) => opts.onEvent?.({ type: 'progress', artifact, bytesDone, bytesTotal }),
      });
      files.push({ path: artifact.path, size: result.bytes, sha256: artifact.sha256 });
      opts.onEvent?.({ type: 'done', artifact, result });
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      failures.push({ artifact, error: err });
      opts.onEvent?.({ type: 'failed', artifact, error: err });
    }
  }
  if (failures.length > 0) throw new BundleBuildError(failures);

  const manifest = BundleManifestSchema.parse({
    schemaVersion: BUNDLE_SCHEMA_VERSION,
    picketVersion: picketVersion(),
    createdAt: (opts.createdAt ?? new Date()).toISOString(),
    components: componentsOfLock(lock),
    files,
  });
  await writeBundleManifest(outDir, manifest);
  return manifest;
}
