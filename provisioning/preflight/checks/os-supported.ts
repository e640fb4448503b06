/**
 * `os-supported`: the distributions Picket installs RKE2 and the sensor stack on, as os-release ID + major
 * VERSION_ID. Another Linux may work but is untested (warn); a non-Linux system cannot run RKE2 at all (fail).
 */
import type { Finding, PreflightInput } from '../finding.ts';

const SUPPORTED: Readonly<Record<string, { name: string; versions: readonly string[] }>> = {
  debian: { name: 'Debian', versions: ['12'] },
  ubuntu: { name: 'Ubuntu', versions: ['22.04', '24.04'] },
  rhel: { name: 'RHEL', versions: ['8', '9'] },
  rocky: { name: 'Rocky Linux', versions: ['8', '9'] },
  almalinux: { name: 'AlmaLinux', versions: ['8', '9'] },
};

// os-release IDs of systems that are not Linux: the probe can run there, RKE2 cannot.
const NOT_LINUX: ReadonlySet<string> = new Set([
  'freebsd', 'openbsd', 'netbsd', 'dragonfly', 'midnightbsd', 'ghostbsd', 'truenas', 'opnsense', 'pfsense',
  'openindiana', 'omnios', 'smartos', 'illumos', 'solaris', 'darwin', 'macos', 'hurd',
]);

export const SUPPORTED_OS_LIST = 'Debian 12, Ubuntu 22.04 or 24.04, RHEL/Rocky/AlmaLinux 8 or 9';

/** The release as it is matched: Ubuntu by year.month, the others by major version (RHEL 9.4 -> 9). */
function release(id: string, version: string): string {
  const parts = version.split('.');
  return (id === 'ubuntu' ? parts.slice(0, 2) : parts.slice(0, 1)).join('.');
}

export function osSupported(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host): Finding[] => {
    const { id, version, prettyName } = host.inventory.os;
    const shown = prettyName || `${id} ${version}`.trim();
    if (NOT_LINUX.has(id)) {
      return [{ severity: 'fail', host: host.name, check: 'os-supported', message: `${host.name} runs ${shown}, which is not Linux; RKE2 runs only on Linux`, fix: `reinstall ${host.name} with ${SUPPORTED_OS_LIST}` }];
    }
    const known = SUPPORTED[id];
    if (known?.versions.includes(release(id, version))) return [];
    const why = known ? `not a supported release of ${known.name} (supported: ${known.versions.join(', ')})` : 'not a supported distribution';
    return [
      {
        severity: 'warn',
        host: host.name,
        check: 'os-supported',
        message: `${host.name} runs ${shown}, ${why}; the install is untested there`,
        fix: `use ${SUPPORTED_OS_LIST}, or waive os-supported for ${host.name} and watch the install closely`,
      },
    ];
  });
}
