/**
 * Which filesystem holds a path: the mount from the inventory (block-device mounts, then every local filesystem
 * df reported) with the longest prefix of it, matched by whole
 * path components (/var holds /var/lib/rancher; /va does not). / is the last resort.
 */
import type { Disk, HostInventory, Mount } from '../inventory/host-inventory.ts';

export interface MountOfPath {
  /** null when the filesystem is not on a block device the inventory lists (overlay, ZFS, network). */
  disk: Disk | null;
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
  // Filesystems not backed by a listed block device (an overlay root, say) still tell free space.
  for (const fs of inventory.filesystems) {
    if (!holds(fs.path, path)) continue;
    if (!best || fs.path.length > best.mount.path.length || (fs.path.length === best.mount.path.length && best.mount.freeBytes === null)) {
      best = { disk: best?.mount.path === fs.path ? best.disk : null, mount: { path: fs.path, sizeBytes: fs.sizeBytes, freeBytes: fs.freeBytes } };
    }
  }
  return best;
}
