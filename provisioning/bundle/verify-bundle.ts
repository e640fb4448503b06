/**
 * Verifies an offline bundle before anything is done with it: manifest.json against its schema, manifest.sig
 * against the trusted public keys, and every file's presence, size and sha256 — naming each missing, extra or
 * corrupt file. A .tar is first extracted (safely, see extract-bundle-tar.ts); `dir` is where its files now are.
 * Every problem found is reported, not only the first; files are still checked when the signature fails, so one
 * run says everything that is wrong.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parsePublicKey, type TrustedKey } from './bundle-keys.ts';
import { MANIFEST_FILE, SIGNATURE_FILE, type BundleManifest } from './bundle-manifest.ts';
import { decodeSignature, findSigningKey } from './bundle-signature.ts';
import { checkBundleFiles, type BundleHashProgress } from './check-bundle-files.ts';
import { extractBundleTar, extractionDirFor, UnsafeTarError } from './extract-bundle-tar.ts';
import { parseBundleManifest } from './parse-bundle-manifest.ts';

/**
 * One thing wrong with a bundle. 'corrupt' covers a wrong sha256, a listed path that is not a regular file, and
 * (for a .tar) each entry refused as unsafe, or a tar that cannot be read at all (then without a path).
 */
export interface BundleProblem {
  kind: 'missing' | 'extra' | 'corrupt' | 'size' | 'signature' | 'manifest';
  /** The bundle path concerned, when the problem is about one file (or one refused tar entry). */
  path?: string;
  message: string;
}

export interface BundleVerification {
  ok: boolean;
  /** The folder holding the bundle's files (for a .tar, where it was extracted). */
  dir: string;
  manifest?: BundleManifest;
  /** Fingerprint of the trusted key that signed the manifest, when one did. */
  signedBy?: string;
  problems: BundleProblem[];
}

export interface VerifyBundleOptions {
  /** Trusted public keys, each an `ssh-ed25519 AAAA…` line (a .pub file's content) or a SPKI PEM block. */
  trustedPublicKeys: string[];
  /** Per chunk while hashing: the current file's bytes (bytesDone of bytesTotal) and the whole bundle's. */
  onProgress?: (p: BundleHashProgress) => void;
  /** Where a .tar is extracted (emptied first); default: a folder under ~/.cache/picket/bundles. */
  extractDir?: string;
  /** While a .tar is extracted: its bytes read so far. */
  onExtractProgress?: (bytesDone: number, bytesTotal: number) => void;
}

/** Parses the trusted keys; throws naming the first unreadable one (by position: these come from config). */
export function parseTrustedKeys(texts: readonly string[]): TrustedKey[] {
  return texts.map((text, i) => {
    try {
      return parsePublicKey(text);
    } catch (error) {
      throw new Error(`trusted public key ${i + 1}: ${(error as Error).message}`);
    }
  });
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function checkSignature(manifestBytes: Buffer, sigFile: Buffer | undefined, trusted: TrustedKey[]): { problem?: BundleProblem; signedBy?: string } {
  if (!sigFile) return { problem: { kind: 'signature', path: SIGNATURE_FILE, message: `${SIGNATURE_FILE}: missing (sign the bundle with picket bundle sign DIR --key FILE)` } };
  const decoded = decodeSignature(sigFile);
  if ('error' in decoded) return { problem: { kind: 'signature', path: SIGNATURE_FILE, message: `${SIGNATURE_FILE}: ${decoded.error}` } };
  if (trusted.length === 0) return { problem: { kind: 'signature', message: 'no trusted public key given: the signature cannot be checked (give --pubkey FILE)' } };
  const signer = findSigningKey(manifestBytes, decoded.signature, trusted);
  if (signer) return { signedBy: signer.fingerprint };
  const keys = trusted.map((t) => t.fingerprint).join(', ');
  return {
    problem: {
      kind: 'signature',
      path: SIGNATURE_FILE,
      message: `${SIGNATURE_FILE}: does not match ${MANIFEST_FILE} under any trusted key (${keys}): the manifest was changed after signing, or signed by another key`,
    },
  };
}

export async function verifyBundle(location: string, opts: VerifyBundleOptions): Promise<BundleVerification> {
  const trusted = parseTrustedKeys(opts.trustedPublicKeys);
  let st;
  try {
    st = await stat(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${location}: no such bundle folder or .tar file` : `${location}: cannot read (${code ?? String(error)})`);
  }

  let dir = resolve(location);
  if (!st.isDirectory()) {
    const dest = opts.extractDir ?? (await extractionDirFor(location));
    try {
      dir = await extractBundleTar(location, dest, opts.onExtractProgress);
    } catch (error) {
      const problems: BundleProblem[] =
        error instanceof UnsafeTarError
          ? error.refused.map((r) => ({ kind: 'corrupt', path: r.path, message: `${r.path}: refused from ${location}: ${r.reason}` }))
          : [{ kind: 'corrupt', message: (error as Error).message }];
      return { ok: false, dir: dest, problems };
    }
  }

  const manifestBytes = await readIfPresent(join(dir, MANIFEST_FILE));
  if (!manifestBytes) {
    return { ok: false, dir, problems: [{ kind: 'manifest', path: MANIFEST_FILE, message: `${MANIFEST_FILE}: missing in ${dir}: this is not a bundle folder` }] };
  }
  const parsed = parseBundleManifest(manifestBytes);
  const problems: BundleProblem[] = [];
  const { problem, signedBy } = checkSignature(manifestBytes, await readIfPresent(join(dir, SIGNATURE_FILE)), trusted);
  if (problem) problems.push(problem);
  if (!parsed.ok) {
    problems.push(...parsed.errors.map((message): BundleProblem => ({ kind: 'manifest', path: MANIFEST_FILE, message })));
    return { ok: false, dir, problems };
  }
  problems.push(...(await checkBundleFiles(dir, parsed.manifest.files, opts.onProgress)));
  return { ok: problems.length === 0, dir, manifest: parsed.manifest, ...(signedBy ? { signedBy } : {}), problems };
}
