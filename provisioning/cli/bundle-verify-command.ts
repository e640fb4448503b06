/**
 * `picket bundle verify DIR|FILE.tar`: checks a bundle before anything is done with it — the signature against
 * the trusted public keys (--pubkey, or the bundle: section of cluster.yaml with -f), and every file's size and
 * sha256 — and names each missing, extra and corrupt file. Exit 0 only when all is well, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleBytes } from '../bundle/bundle-manifest.ts';
import { verifyBundle } from '../bundle/verify-bundle.ts';
import { loadClusterSpec } from '../project/load-cluster-spec.ts';
import { formatSpecError } from '../project/spec-error.ts';
import { readPublicKeyFile } from './bundle-key-files.ts';
import { formatBytes } from '../bundle/format-bytes.ts';
import { formatFraction, progressLine } from './bundle-progress.ts';
import { UsageError } from './usage-error.ts';

export const BUNDLE_VERIFY_USAGE = `usage: picket bundle verify DIR|FILE.tar --pubkey FILE [--pubkey FILE]... [--json]
       picket bundle verify [DIR|FILE.tar] -f cluster.yaml [--json]

Checks manifest.json, its signature (manifest.sig) against the trusted public keys, and every file's size and
sha256, and names each missing, extra (not in the manifest) and corrupt file. Trusted keys come from --pubkey
(a .pub file from picket bundle keygen; repeatable) and, with -f, from the bundle: section of cluster.yaml
(trustedKeys, and path when no DIR is given). A .tar is first extracted, refusing unsafe entries, into
~/.cache/picket/bundles ($XDG_CACHE_HOME). --json prints the result as JSON.
Exit code 0 when the bundle is intact and signed by a trusted key, 1 when it is not.`;

interface Trust {
  location: string | undefined;
  keyFiles: string[];
}

/** The bundle and keys a cluster.yaml names (its paths are relative to the project folder). */
async function trustFromProject(file: string): Promise<Trust> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file} not found` : `cannot read ${file}: ${code ?? String(error)}`);
  }
  const loaded = loadClusterSpec(text, file);
  if (!loaded.ok) throw new UsageError(`${file} is not valid:\n${loaded.errors.map(formatSpecError).join('\n')}`);
  const bundle = loaded.spec.bundle;
  if (!bundle) throw new UsageError(`${file} has no bundle: section (add bundle: { path: …, trustedKeys: [keys/bundle-signing.pub] }, or give --pubkey FILE)`);
  const projectDir = dirname(file);
  return { location: resolve(projectDir, bundle.path), keyFiles: bundle.trustedKeys.map((k) => resolve(projectDir, k)) };
}

export async function bundleVerifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      pubkey: { type: 'string', multiple: true },
      file: { type: 'string', short: 'f' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(BUNDLE_VERIFY_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected ${JSON.stringify(positionals[1])}: verify one bundle at a time`);
  const project = values.file ? await trustFromProject(values.file) : { location: undefined, keyFiles: [] };
  const location = positionals[0] ?? project.location;
  if (!location) throw new UsageError(`name the bundle: picket bundle verify DIR|FILE.tar\n\n${BUNDLE_VERIFY_USAGE}`);
  const keyFiles = [...project.keyFiles, ...(values.pubkey ?? [])];
  if (keyFiles.length === 0) throw new UsageError('give the public key to trust: --pubkey FILE (or -f cluster.yaml with a bundle: section)');
  const trustedPublicKeys = await Promise.all(keyFiles.map(readPublicKeyFile));

  const line = progressLine();
  let result;
  try {
    result = await verifyBundle(location, {
      trustedPublicKeys,
      onExtractProgress: (done, total) => {
        line.update(`extracting ${location}: ${formatFraction(done, total)}`);
        line.milestone(done, total, () => `extracted ${formatFraction(done, total)}`);
      },
      onProgress: (p) => {
        line.update(`hashing ${p.path}: ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
        line.milestone(p.bundleBytesDone, p.bundleBytesTotal, () => `hashed ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
      },
    });
  } catch (error) {
    line.end();
    throw new UsageError((error as Error).message);
  }
  line.end();
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  if (result.ok && result.manifest) {
    const m = result.manifest;
    const components = m.components.map((c) => `${c.name} ${c.version}`).join(', ');
    console.log(`✓ ${location}: intact and signed by ${result.signedBy ?? 'a trusted key'} — ${m.files.length} file${m.files.length === 1 ? '' : 's'}, ${formatBytes(bundleBytes(m))}${components ? `; ${components}` : ''}`);
    if (result.dir !== resolve(location)) console.log(`  extracted to ${result.dir}`);
    return 0;
  }
  for (const p of result.problems) console.log(`✗ ${p.kind.padEnd(9)} ${p.message}`);
  console.log(`${location}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}; do not use this bundle until it verifies`);
  return 1;
}
