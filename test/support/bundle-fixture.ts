/**
 * Offline bundles for tests and benchmarks: random files (incompressible, as real image archives nearly are), built
 * into a bundle with buildBundleFromFiles, signed with a fresh key, and named in a project's cluster.yaml.
 */
import { randomFill } from 'node:crypto';
import { appendFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateBundleKeyPair, loadPrivateKey } from '../../provisioning/bundle/bundle-keys.ts';
import { buildBundleFromFiles } from '../../provisioning/bundle/build-bundle-from-files.ts';
import type { BundleManifest } from '../../provisioning/bundle/bundle-manifest.ts';
import { signBundle } from '../../provisioning/bundle/sign-bundle.ts';

function fill(buffer: Buffer, offset: number, size: number): Promise<void> {
  return new Promise((resolve, reject) => randomFill(buffer, offset, size, (error) => (error ? reject(error) : resolve())));
}

/** Writes a file of `bytes` random bytes (8 MiB at a time). */
export async function writeRandomFile(path: string, bytes: number): Promise<void> {
  const file = await open(path, 'w');
  try {
    const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
    for (let left = bytes; left > 0; ) {
      const n = Math.min(left, chunk.length);
      await fill(chunk, 0, n);
      await file.write(chunk, 0, n);
      left -= n;
    }
  } finally {
    await file.close();
  }
}

export interface SignedBundle {
  dir: string;
  manifest: BundleManifest;
  publicKeyFile: string;
  bytes: number;
}

/**
 * A signed bundle of random files of the given sizes under `root`: root/bundle (the bundle), root/signing.pub (the
 * key it is signed with). File i is images/part-i.tar; the sources are hard-linked, not copied.
 */
export async function signedRandomBundle(root: string, sizes: number[]): Promise<SignedBundle> {
  const sources = join(root, 'sources');
  await mkdir(sources, { recursive: true });
  const files = [];
  for (const [i, size] of sizes.entries()) {
    const source = join(sources, `part-${i}.tar`);
    await writeRandomFile(source, size);
    files.push({ source, path: `images/part-${i}.tar` });
  }
  const dir = join(root, 'bundle');
  const manifest = await buildBundleFromFiles({
    files,
    components: [{ name: 'test-images', version: '1.0.0', kind: 'image', files: files.map((f) => f.path) }],
    outDir: dir,
    mode: 'hardlink',
  });
  const keys = generateBundleKeyPair('picket-test-signing');
  const publicKeyFile = join(root, 'signing.pub');
  await writeFile(publicKeyFile, `${keys.publicKeyLine}\n`);
  await signBundle(dir, loadPrivateKey(keys.privateKeyPem));
  return { dir, manifest, publicKeyFile, bytes: sizes.reduce((a, b) => a + b, 0) };
}

/** Adds a bundle: section to a project's cluster.yaml. */
export async function addBundleToProject(projectDir: string, bundle: { path: string; trustedKeys: string[]; destination?: string }): Promise<void> {
  const file = join(projectDir, 'cluster.yaml');
  const text = await readFile(file, 'utf8');
  if (/^bundle:/m.test(text)) throw new Error(`${file} has a bundle: section already`);
  const lines = [
    'bundle:',
    `  path: ${JSON.stringify(bundle.path)}`,
    `  trustedKeys: [${bundle.trustedKeys.map((k) => JSON.stringify(k)).join(', ')}]`,
    ...(bundle.destination ? [`  destination: ${bundle.destination}`] : []),
  ];
  await appendFile(file, `${text.endsWith('\n') ? '' : '\n'}${lines.join('\n')}\n`);
}
