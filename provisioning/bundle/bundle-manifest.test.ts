/** The manifest schema refuses what could escape the bundle folder or contradict itself. */
import { describe, expect, it } from 'vitest';
import { BundleManifestSchema, bundleBytes, isBundlePath } from './bundle-manifest.ts';

const SHA = 'a'.repeat(64);
const manifest = (files: unknown[], components: unknown[] = []) => ({
  schemaVersion: 1,
  picketVersion: '0.1.0',
  createdAt: '2026-11-30T10:00:00.000Z',
  components,
  files,
});

describe('bundle paths', () => {
  it.each(['rke2/rke2.linux-amd64.tar.gz', 'a', 'images/zeek-8.0.tar', 'a b/c'])('accepts %j', (p) => expect(isBundlePath(p)).toBe(true));
  it.each(['', '/etc/passwd', '../evil', 'a/../../b', 'a/..', './a', 'a/./b', 'a//b', 'a/', 'a\\..\\b', 'a\0b', 'x'.repeat(513)])('refuses %j', (p) =>
    expect(isBundlePath(p)).toBe(false),
  );
});

describe('BundleManifestSchema', () => {
  it('accepts a manifest and sums its bytes', () => {
    const m = BundleManifestSchema.parse(
      manifest(
        [
          { path: 'rke2/a.tar.gz', size: 10, sha256: SHA },
          { path: 'rke2/b.txt', size: 5, sha256: SHA },
        ],
        [{ name: 'rke2', version: 'v1.36.4+rke2r1', kind: 'rke2', files: ['rke2/a.tar.gz'] }],
      ),
    );
    expect(bundleBytes(m)).toBe(15);
  });

  it('refuses a path climbing out, with the offending path in the message', () => {
    const r = BundleManifestSchema.safeParse(manifest([{ path: '../../root/.ssh/authorized_keys', size: 1, sha256: SHA }]));
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('"../../root/.ssh/authorized_keys"');
  });

  it('refuses a file listed twice, and the manifest or signature listed as a file', () => {
    const twice = BundleManifestSchema.safeParse(manifest([{ path: 'a', size: 1, sha256: SHA }, { path: 'a', size: 1, sha256: SHA }]));
    expect(twice.error!.issues.map((i) => i.message)).toEqual(['file a is listed twice']);
    const self = BundleManifestSchema.safeParse(manifest([{ path: 'manifest.sig', size: 1, sha256: SHA }]));
    expect(self.error!.issues[0]!.message).toContain('must not list manifest.sig');
  });

  it('refuses a component naming a file that is not listed, an unknown kind, and a bad sha256', () => {
    const dangling = BundleManifestSchema.safeParse(manifest([{ path: 'a', size: 1, sha256: SHA }], [{ name: 'x', version: '1', kind: 'tool', files: ['b'] }]));
    expect(dangling.error!.issues[0]!.message).toBe('component x names b, which is not under files');
    expect(BundleManifestSchema.safeParse(manifest([], [{ name: 'x', version: '1', kind: 'binary', files: [] }])).success).toBe(false);
    expect(BundleManifestSchema.safeParse(manifest([{ path: 'a', size: 1, sha256: 'A'.repeat(64) }])).success).toBe(false);
    expect(BundleManifestSchema.safeParse(manifest([{ path: 'a', size: -1, sha256: SHA }])).success).toBe(false);
    expect(BundleManifestSchema.safeParse({ ...manifest([]), schemaVersion: 2 }).success).toBe(false);
  });
});
