/**
 * The files of a local source folder for `build --from`: every regular file under it (symbolic links followed,
 * as a mirror may use them), at the same relative path in the bundle. A manifest.json or manifest.sig at the top
 * is left out, so an old bundle folder can be the source of a new one.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-manifest.ts';
import type { BundleSourceFile } from './build-bundle-from-files.ts';

export async function listSourceFiles(srcDir: string): Promise<BundleSourceFile[]> {
  const files: BundleSourceFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(join(srcDir, rel))).sort();
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      if (!rel && (name === MANIFEST_FILE || name === SIGNATURE_FILE)) continue;
      const source = join(srcDir, path);
      const st = await stat(source);
      if (st.isDirectory()) await walk(path);
      else if (st.isFile()) files.push({ source, path });
    }
  };
  await walk('');
  return files;
}
