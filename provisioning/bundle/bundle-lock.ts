/**
 * bundle.lock.json: what `picket bundle build --lock` downloads. Every artifact is pinned by the sha256 its
 * publisher announced (and says where, in `pinnedFrom`), so a build is reproducible and a changed or corrupted
 * download is refused rather than bundled. Artifacts sharing name, version and kind make one component.
 */
import { z } from 'zod';
import { COMPONENT_KINDS, isBundlePath, MANIFEST_FILE, SIGNATURE_FILE } from './bundle-manifest.ts';

export const LOCK_VERSION = 1;

export const BundleLockArtifactSchema = z.strictObject({
  name: z.string().min(1).max(128),
  version: z.string().min(1).max(128),
  kind: z.enum(COMPONENT_KINDS),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'sha256 must be 64 lowercase hex digits' }),
  /** Bytes, when published: lets progress show a total and lets a build refuse an oversized download early. */
  size: z.number().int().positive().optional(),
  /** Where the file goes in the bundle. */
  path: z.string().refine((p) => isBundlePath(p) && p !== MANIFEST_FILE && p !== SIGNATURE_FILE, {
    error: (i) => `path ${JSON.stringify(i.input)} must be a relative '/'-separated bundle path without '.' or '..' (and not ${MANIFEST_FILE} or ${SIGNATURE_FILE})`,
  }),
  /** Where the pinned sha256 was published (for whoever updates the pin). */
  pinnedFrom: z.string().optional(),
});
export type BundleLockArtifact = z.infer<typeof BundleLockArtifactSchema>;

export const BundleLockSchema = z
  .strictObject({
    lockVersion: z.literal(LOCK_VERSION),
    description: z.string().optional(),
    artifacts: z.array(BundleLockArtifactSchema).min(1, { error: 'list at least one artifact' }),
  })
  .superRefine((lock, ctx) => {
    const seen = new Set<string>();
    lock.artifacts.forEach((a, i) => {
      if (seen.has(a.path)) ctx.addIssue({ code: 'custom', path: ['artifacts', i, 'path'], message: `path ${a.path} is used twice` });
      seen.add(a.path);
    });
  });
export type BundleLock = z.infer<typeof BundleLockSchema>;

/** Parses a lock file's text; the error names the file and each field that is wrong. */
export function parseBundleLock(text: string, file: string): BundleLock {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = BundleLockSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(top)'}: ${i.message}`);
  throw new Error(`${file} is not a valid bundle lock:\n${lines.join('\n')}`);
}
