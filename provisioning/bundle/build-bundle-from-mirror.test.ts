/** build --lock --from MIRROR: a site's own copies, found by bundle path or URL file name, still held to the pins. */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleLock } from './bundle-lock.ts';
import { buildBundleFromMirror } from './build-bundle-from-mirror.ts';

const sha256 = (b: string) => createHash('sha256').update(b).digest('hex');
let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-mirror-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const lock: BundleLock = {
  lockVersion: 1,
  artifacts: [
    { name: 'rke2', version: 'v1', kind: 'rke2', url: 'https://example.invalid/download/v1%2Brke2r1/rke2.linux-amd64.tar.gz', sha256: sha256('rke2 bytes'), path: 'rke2/rke2.linux-amd64.tar.gz' },
    { name: 'kubectl', version: 'v1', kind: 'tool', url: 'https://example.invalid/bin/kubectl', sha256: sha256('kubectl bytes'), path: 'tools/kubectl' },
  ],
};

describe('buildBundleFromMirror', () => {
  it('takes each artifact from the mirror and writes the same manifest a download would', async () => {
    const mirror = join(root, 'mirror');
    await mkdir(join(mirror, 'tools'), { recursive: true });
    await writeFile(join(mirror, 'rke2.linux-amd64.tar.gz'), 'rke2 bytes');
    await writeFile(join(mirror, 'tools', 'kubectl'), 'kubectl bytes');
    const manifest = await buildBundleFromMirror({ lock, mirrorDir: mirror, outDir: join(root, 'b') });
    expect(manifest.files.map((f) => [f.path, f.sha256])).toEqual(lock.artifacts.map((a) => [a.path, a.sha256]));
    expect(manifest.components.map((c) => c.name)).toEqual(['rke2', 'kubectl']);
  });

  it('names every artifact missing from the mirror or not matching its pin, and builds nothing', async () => {
    const mirror = join(root, 'mirror');
    await mkdir(mirror);
    await writeFile(join(mirror, 'rke2.linux-amd64.tar.gz'), 'other rke2 bytes');
    const error = (await buildBundleFromMirror({ lock, mirrorDir: mirror, outDir: join(root, 'b') }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toContain(`rke2 v1: sha256 of ${join(mirror, 'rke2.linux-amd64.tar.gz')} is ${sha256('other rke2 bytes')}, the lock pins ${sha256('rke2 bytes')}`);
    expect(error.message).toContain(`kubectl v1: not in ${mirror} (looked for tools/kubectl and kubectl)`);
    expect(await readdir(root)).toEqual(['mirror']);
  });
});
