/**
 * `etcd-disk`: a server keeps etcd in /var/lib/rancher, and etcd fsyncs every write: RKE2 recommends an SSD and
 * the Assisted Installer fails a control-plane disk slower than 10 ms per fsync. A disk that reports itself as
 * rotational is a warning (virtual disks often claim to rotate, hence not a failure).
 */
import type { Finding, PreflightInput } from '../finding.ts';
import { mountForPath } from '../mount-for-path.ts';
import { effectiveRoles, RANCHER_PATH } from '../role-requirements.ts';

export function etcdDisk(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host): Finding[] => {
    if (!effectiveRoles(input.mode, host.roles).includes('server')) return [];
    const disk = mountForPath(host.inventory, RANCHER_PATH)?.disk;
    if (!disk?.rotational) return [];
    return [
      {
        severity: 'warn',
        host: host.name,
        check: 'etcd-disk',
        message: `${host.name} keeps ${RANCHER_PATH} (etcd) on ${disk.name}, which reports itself as a rotational disk; etcd needs low fsync latency`,
        fix: `put ${RANCHER_PATH} on an SSD or NVMe volume; if ${disk.name} is a virtual disk backed by flash, waive etcd-disk for ${host.name}`,
      },
    ];
  });
}
