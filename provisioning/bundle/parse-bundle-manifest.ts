/** manifest.json's bytes → a checked BundleManifest, or every reason it is not one (pure). */
import { BundleManifestSchema, MANIFEST_FILE, type BundleManifest } from './bundle-manifest.ts';

export type ParsedManifest = { ok: true; manifest: BundleManifest } | { ok: false; errors: string[] };

export function parseBundleManifest(bytes: Buffer): ParsedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, errors: [`${MANIFEST_FILE} is not JSON: ${(error as Error).message}`] };
  }
  const parsed = BundleManifestSchema.safeParse(json);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((issue) => {
      const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
      return `${MANIFEST_FILE}: ${where}${issue.message}`;
    }),
  };
}

/** The bytes manifest.json is written as (and then signed as): two-space JSON and a final newline. */
export function serializeBundleManifest(manifest: BundleManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}
