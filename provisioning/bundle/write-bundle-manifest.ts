/** Writes manifest.json atomically (a temporary file, then rename), so a crash never leaves half a manifest. */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type BundleManifest } from './bundle-manifest.ts';
import { serializeBundleManifest } from './parse-bundle-manifest.ts';

export async function writeBundleManifest(dir: string, manifest: BundleManifest): Promise<string> {
  const path = join(dir, MANIFEST_FILE);
  await writeFile(`${path}.tmp`, serializeBundleManifest(manifest), { mode: 0o644 });
  await rename(`${path}.tmp`, path);
  return path;
}
