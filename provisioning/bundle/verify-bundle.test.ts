/** verifyBundle on real folders and tars: a signed bundle verifies; each kind of damage is named. */
import { appendFile, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateBundleKeyPair, loadPrivateKey } from './bundle-keys.ts';
import { buildBundleFromFiles } from './build-bundle-from-files.ts';
import { signBundle } from './sign-bundle.ts';
import { verifyBundle } from './verify-bundle.ts';

let root: string;
let bundle: string;
let pub: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-bundle-'));
  const src = join(root, 'src');
  await mkdir(join(src, 'images'), { recursive: true });
  await writeFile(join(src, 'rke2.tar.gz'), Buffer.alloc(300_000, 7));
  await writeFile(join(src, 'images', 'zeek.tar'), 'zeek image bytes');
  await writeFile(join(src, 'empty'), '');
  bundle = join(root, 'bundle');
  await buildBundleFromFiles({
    files: [
      { source: join(src, 'rke2.tar.gz'), path: 'rke2/rke2.linux-amd64.tar.gz' },
      { source: join(src, 'images', 'zeek.tar'), path: 'images/zeek.tar' },
      { source: join(src, 'empty'), path: 'rules/empty.rules' },
    ],
    components: [{ name: 'rke2', version: 'v1.33.1+rke2r1', kind: 'rke2', files: ['rke2/rke2.linux-amd64.tar.gz'] }],
    outDir: bundle,
  });
  const keys = generateBundleKeyPair('test');
  pub = keys.publicKeyLine;
  await signBundle(bundle, loadPrivateKey(keys.privateKeyPem));
  return () => rm(root, { recursive: true, force: true });
});

describe('verifyBundle', () => {
  it('accepts an intact signed bundle and reports the manifest, the folder and the signer', async () => {
    const seen = new Set<string>();
    const result = await verifyBundle(bundle, { trustedPublicKeys: [pub], onProgress: (p) => seen.add(p.path) });
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.dir).toBe(bundle);
    expect(result.manifest?.files.map((f) => f.path)).toEqual(['rke2/rke2.linux-amd64.tar.gz', 'images/zeek.tar', 'rules/empty.rules']);
    expect(result.signedBy).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(seen).toEqual(new Set(['rke2/rke2.linux-amd64.tar.gz', 'images/zeek.tar']));
  });

  it('names a file with one flipped byte as corrupt, with both hashes', async () => {
    const path = join(bundle, 'rke2/rke2.linux-amd64.tar.gz');
    const bytes = await readFile(path);
    bytes.writeUInt8(bytes.readUInt8(123_456) ^ 0x01, 123_456);
    await writeFile(path, bytes);
    const result = await verifyBundle(bundle, { trustedPublicKeys: [pub] });
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: 'corrupt', path: 'rke2/rke2.linux-amd64.tar.gz' });
    expect(result.problems[0]!.message).toMatch(/sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/);
  });

  it('names each missing, extra, wrong-size and non-regular file', async () => {
    await rm(join(bundle, 'images/zeek.tar'));
    await appendFile(join(bundle, 'rules/empty.rules'), 'x');
    await writeFile(join(bundle, 'images', 'stray.tar'), 'not listed');
    await symlink('/etc/passwd', join(bundle, 'link'));
    const result = await verifyBundle(bundle, { trustedPublicKeys: [pub] });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.kind, p.path])).toEqual([
      ['missing', 'images/zeek.tar'],
      ['size', 'rules/empty.rules'],
      ['extra', 'images/stray.tar'],
      ['extra', 'link'],
    ]);
    expect(result.problems[3]!.message).toBe('link: extra (a symbolic link), not in the manifest');
  });

  it('fails the signature of a tampered manifest, and of an untrusted key, and without a signature', async () => {
    const manifestPath = join(bundle, 'manifest.json');
    const original = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, original.replace('v1.33.1+rke2r1', 'v1.33.2+rke2r1'));
    const tampered = await verifyBundle(bundle, { trustedPublicKeys: [pub] });
    expect(tampered.ok).toBe(false);
    expect(tampered.problems.map((p) => p.kind)).toEqual(['signature']);
    expect(tampered.problems[0]!.message).toContain('does not match manifest.json under any trusted key');

    await writeFile(manifestPath, original);
    const other = generateBundleKeyPair('other').publicKeyLine;
    expect((await verifyBundle(bundle, { trustedPublicKeys: [other] })).problems.map((p) => p.kind)).toEqual(['signature']);
    expect((await verifyBundle(bundle, { trustedPublicKeys: [other, pub] })).ok).toBe(true);
    expect((await verifyBundle(bundle, { trustedPublicKeys: [] })).problems[0]!.message).toContain('no trusted public key');

    await rm(join(bundle, 'manifest.sig'));
    const unsigned = await verifyBundle(bundle, { trustedPublicKeys: [pub] });
    expect(unsigned.problems).toEqual([{ kind: 'signature', path: 'manifest.sig', message: expect.stringContaining('missing') }]);
  });

  it('reports a manifest that is not one', async () => {
    await writeFile(join(bundle, 'manifest.json'), '{"schemaVersion": 1, "files": [{"path": "../etc/passwd"}]}');
    const result = await verifyBundle(bundle, { trustedPublicKeys: [pub] });
    expect(result.ok).toBe(false);
    expect(result.manifest).toBeUndefined();
    expect(result.problems.filter((p) => p.kind === 'manifest').length).toBeGreaterThan(2);
    await truncate(join(bundle, 'manifest.json'), 3);
    expect((await verifyBundle(bundle, { trustedPublicKeys: [pub] })).problems.at(-1)!.message).toMatch(/^manifest.json is not JSON/);
  });

  it('verifies a .tar of the bundle folder, extracted where it says', async () => {
    const tarFile = join(root, 'bundle.tar');
    await createTar({ file: tarFile, cwd: root }, ['bundle']);
    const extractDir = join(root, 'x');
    const result = await verifyBundle(tarFile, { trustedPublicKeys: [pub], extractDir });
    expect(result.problems).toEqual([]);
    expect(result.dir).toBe(join(extractDir, 'bundle'));
    expect(await readFile(join(result.dir, 'images/zeek.tar'), 'utf8')).toBe('zeek image bytes');
  });
});
