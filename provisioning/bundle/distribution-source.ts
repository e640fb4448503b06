/**
 * The bundle a project distributes, from cluster.yaml's bundle: section: found relative to the project folder,
 * verified against the trusted keys — every file's size and sha256 and the manifest's signature — before any host
 * is touched. Any problem refuses it, each problem named. What comes out is the list of files every host must get.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_BUNDLE_DESTINATION, type BundleSpec } from '../project/cluster-spec.ts';
import { resolveIdentityFile } from '../project/host-target.ts';
import { bundleBytes, MANIFEST_FILE, SIGNATURE_FILE } from './bundle-manifest.ts';
import type { BundleHashProgress } from './check-bundle-files.ts';
import type { DistributedFile } from './distribution-plan.ts';
import { sha256File } from './sha256-file.ts';
import { verifyBundle } from './verify-bundle.ts';

export interface VerifiedBundle {
  /** Where the bundle is, as cluster.yaml names it (for messages). */
  location: string;
  /** The folder holding its files (for a .tar, where it was extracted). */
  dir: string;
  destination: string;
  /** The bundle's files, then manifest.json and manifest.sig: every host gets all of them. */
  files: DistributedFile[];
  /** Bytes of the bundle's files (the manifest's total). */
  bytes: number;
  signedBy?: string;
}

/** The bundle cannot be distributed: each line names a problem (a file, the signature, a key) and what to do. */
export class BundleRefusedError extends Error {
  override readonly name = 'BundleRefusedError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

async function readKey(projectDir: string, file: string, index: number): Promise<string> {
  const path = resolveIdentityFile(projectDir, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleRefusedError([
      `bundle.trustedKeys[${index}]: ${code === 'ENOENT' ? `${path} not found` : `cannot read ${path} (${code ?? String(error)})`}: give the public key file the bundle was signed with (picket bundle keygen writes one)`,
    ]);
  }
}

async function described(dir: string, path: string): Promise<DistributedFile> {
  const full = join(dir, path);
  return { path, size: (await stat(full)).size, sha256: await sha256File(full) };
}

/** Verifies the project's bundle; throws BundleRefusedError naming every problem. */
export async function verifyProjectBundle(projectDir: string, spec: BundleSpec, onProgress?: (p: BundleHashProgress) => void): Promise<VerifiedBundle> {
  const location = resolveIdentityFile(projectDir, spec.path);
  const keys = await Promise.all(spec.trustedKeys.map((file, i) => readKey(projectDir, file, i)));
  let verification;
  try {
    verification = await verifyBundle(location, { trustedPublicKeys: keys, ...(onProgress ? { onProgress } : {}) });
  } catch (error) {
    throw new BundleRefusedError([`bundle ${spec.path}: ${(error as Error).message}`]);
  }
  const { manifest } = verification;
  if (!verification.ok || !manifest) {
    throw new BundleRefusedError(
      verification.problems.map((p) => `bundle ${spec.path} refused, nothing was sent to any host: ${p.message}`),
    );
  }
  // The manifest and its signature travel too (last), so every host can check the bundle it holds.
  const files: DistributedFile[] = [
    ...manifest.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })),
    await described(verification.dir, MANIFEST_FILE),
    await described(verification.dir, SIGNATURE_FILE),
  ];
  return {
    location: spec.path,
    dir: verification.dir,
    destination: spec.destination ?? DEFAULT_BUNDLE_DESTINATION,
    files,
    bytes: bundleBytes(manifest),
    ...(verification.signedBy ? { signedBy: verification.signedBy } : {}),
  };
}
