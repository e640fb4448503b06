/**
 * Which filesystem holds a path: the mount from the inventory with the longest prefix of it, matched by whole
 * path components (/var holds /var/lib/rancher; /va does not). / is the last resort.
 */
import type { Disk, HostInventory, Mount } from '../inventory/host-inventory.ts';

export interface MountOfPath {
  disk: Disk;
  mount: Mount;
}

function holds(mountPath: string, path: string): boolean {
  if (mountPath === '/') return path.startsWith('/');
  const base = mountPath.replace(/\/+$/, '');
  return path === base || path.startsWith(`${base}/`);
}

export function mountForPath(inventory: HostInventory, path: string): MountOfPath | null {
  let best: MountOfPath | null = null;
  for (const disk of inventory.disks) {
    for (const mount of disk.mounts) {
      if (!holds(mount.path, path)) continue;
      // Prefer the longer match; between equal paths (the same mount seen twice), the one df reported on.
      const better =
        !best ||
        mount.path.length > best.mount.path.length ||
        (mount.path.length === best.mount.path.length && best.mount.freeBytes === null && mount.freeBytes !== null);
      if (better) best = { disk, mount };
    }
  }
  return best;
}
