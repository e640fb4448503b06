/** Checks a bundle folder's files against its manifest: presence, type and size first, then every sha256, streaming. */
import { join } from 'node:path';
import type { BundleFile } from './bundle-manifest.ts';
import { compareBundleFiles, type FileProblem } from './compare-bundle-files.ts';
import { listBundleFolder } from './list-bundle-folder.ts';
import { sha256File } from './sha256-file.ts';

/** Progress while hashing: the current file's bytes, and the bundle's (all files that get hashed). */
export interface BundleHashProgress {
  path: string;
  bytesDone: number;
  bytesTotal: number;
  bundleBytesDone: number;
  bundleBytesTotal: number;
}

export async function checkBundleFiles(
  dir: string,
  listed: readonly BundleFile[],
  onProgress?: (p: BundleHashProgress) => void,
): Promise<FileProblem[]> {
  const { problems, toHash } = compareBundleFiles(listed, await listBundleFolder(dir));
  const bundleBytesTotal = toHash.reduce((sum, f) => sum + f.size, 0);
  let before = 0;
  for (const file of toHash) {
    const sha256 = await sha256File(join(dir, file.path), (bytesDone, bytesTotal) =>
      onProgress?.({ path: file.path, bytesDone, bytesTotal, bundleBytesDone: before + bytesDone, bundleBytesTotal }),
    );
    before += file.size;
    if (sha256 !== file.sha256) {
      problems.push({ kind: 'corrupt', path: file.path, message: `${file.path}: sha256 ${sha256}, the manifest says ${file.sha256}` });
    }
  }
  const order = new Map(listed.map((f, i) => [f.path, i]));
  return problems.sort((a, b) => (order.get(a.path) ?? listed.length) - (order.get(b.path) ?? listed.length));
}
