/**
 * Signs a bundle folder: checks that every file matches manifest.json (a signature vouches for the bytes, so a
 * stale manifest is refused), then writes manifest.sig over manifest.json's exact bytes.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf } from './bundle-keys.ts';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-manifest.ts';
import { formatSignature, signManifestBytes } from './bundle-signature.ts';
import { checkBundleFiles, type BundleHashProgress } from './check-bundle-files.ts';
import { parseBundleManifest } from './parse-bundle-manifest.ts';

export class BundleNotSignableError extends Error {
  override readonly name = 'BundleNotSignableError';
  constructor(
    readonly dir: string,
    readonly reasons: string[],
  ) {
    super(`${dir}: not signed, the bundle does not match its manifest:\n${reasons.map((r) => `  ${r}`).join('\n')}`);
  }
}

/** Returns the fingerprint of the key that signed. */
export async function signBundle(dir: string, privateKey: KeyObject, onProgress?: (p: BundleHashProgress) => void): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, MANIFEST_FILE));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${dir}: no ${MANIFEST_FILE} (build the bundle first: picket bundle build)` : `${join(dir, MANIFEST_FILE)}: cannot read (${code ?? String(error)})`);
  }
  const parsed = parseBundleManifest(bytes);
  if (!parsed.ok) throw new BundleNotSignableError(dir, parsed.errors);
  const problems = await checkBundleFiles(dir, parsed.manifest.files, onProgress);
  if (problems.length > 0) throw new BundleNotSignableError(dir, problems.map((p) => p.message));
  const sigPath = join(dir, SIGNATURE_FILE);
  await writeFile(`${sigPath}.tmp`, formatSignature(signManifestBytes(bytes, privateKey)), { mode: 0o644 });
  await rename(`${sigPath}.tmp`, sigPath);
  return fingerprintOf(createPublicKey(privateKey));
}
