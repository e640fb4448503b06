/**
 * manifest.json: what an offline bundle holds. Every file the bundle carries is listed with its size and sha256,
 * and the manifest itself is signed (manifest.sig, detached ed25519), so one signature covers every byte.
 *
 * Paths are relative, forward-slashed, and may not climb out of the bundle: a manifest is untrusted input until
 * its signature checks, and even then a path is only ever joined under the bundle's own folder.
 */
import { z } from 'zod';

export const BUNDLE_SCHEMA_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

export const COMPONENT_KINDS = ['rke2', 'image', 'chart', 'tool', 'package', 'rules'] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A path inside the bundle: relative, '/'-separated, no '.', '..' or empty segments, no NUL or backslash. */
export function isBundlePath(path: string): boolean {
  if (path.length === 0 || path.length > 512 || path.startsWith('/') || /[\\\0]/.test(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export const BundleFileSchema = z.strictObject({
  path: z.string().refine(isBundlePath, {
    error: (i) => `file path ${JSON.stringify(i.input)} must be relative, '/'-separated, without '.' or '..' segments`,
  }),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(SHA256_HEX, { error: 'sha256 must be 64 lowercase hex digits' }),
});
export type BundleFile = z.infer<typeof BundleFileSchema>;

export const BundleComponentSchema = z.strictObject({
  name: z.string().min(1).max(128),
  version: z.string().min(1).max(128),
  kind: z.enum(COMPONENT_KINDS),
  /** The bundle paths that make up this component (each must be listed under files). */
  files: z.array(z.string()).default([]),
});
export type BundleComponent = z.infer<typeof BundleComponentSchema>;

export const BundleManifestSchema = z
  .strictObject({
    schemaVersion: z.literal(BUNDLE_SCHEMA_VERSION),
    picketVersion: z.string().min(1),
    createdAt: z.iso.datetime(),
    components: z.array(BundleComponentSchema),
    files: z.array(BundleFileSchema),
  })
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    for (const f of m.files) {
      if (f.path === MANIFEST_FILE || f.path === SIGNATURE_FILE) {
        ctx.addIssue({ code: 'custom', message: `files must not list ${f.path}: it describes the bundle, not part of it` });
      }
      if (seen.has(f.path)) ctx.addIssue({ code: 'custom', message: `file ${f.path} is listed twice` });
      seen.add(f.path);
    }
    for (const c of m.components) {
      for (const p of c.files) {
        if (!seen.has(p)) ctx.addIssue({ code: 'custom', message: `component ${c.name} names ${p}, which is not under files` });
      }
    }
  });
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

/** Total bytes of every file the bundle carries (what distribution must find room for on each host). */
export function bundleBytes(manifest: BundleManifest): number {
  return manifest.files.reduce((sum, f) => sum + f.size, 0);
}
