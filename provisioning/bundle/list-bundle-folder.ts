/** Every entry under a bundle folder except manifest.json and manifest.sig, as bundle paths with their type and size. */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, SIGNATURE_FILE } from './bundle-manifest.ts';

export interface FolderEntry {
  /** '/'-separated, relative to the bundle folder. */
  path: string;
  /** 'file' for a regular file; anything else (symbolic link, FIFO, socket, device) is named for messages. */
  type: 'file' | 'symbolic link' | 'FIFO' | 'socket' | 'device' | 'other';
  size: number;
}

function typeOf(st: Awaited<ReturnType<typeof lstat>>): FolderEntry['type'] {
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'symbolic link';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'device';
  return 'other';
}

/** Walks the folder without following symbolic links (a link is reported as one, never read through). */
export async function listBundleFolder(dir: string): Promise<FolderEntry[]> {
  const found: FolderEntry[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (!rel && (entry.name === MANIFEST_FILE || entry.name === SIGNATURE_FILE)) continue;
      if (entry.isDirectory()) {
        await walk(path);
        continue;
      }
      const st = await lstat(join(dir, path));
      found.push({ path, type: typeOf(st), size: st.size });
    }
  };
  await walk('');
  return found;
}
