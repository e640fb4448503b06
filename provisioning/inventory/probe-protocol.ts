// The contract between the probe script (what runs on the host) and the parser (what reads its stdout):
// the marker format and the section names. Both sides import it, so they cannot drift apart.
import { randomBytes } from 'node:crypto';

/** Bumped when a section changes meaning; the script prints it in the `begin` section. */
export const PROBE_FORMAT_VERSION = 2;

/**
 * Every section the script prints. A header line is `<marker> <name>` or `<marker> <name> <arg>`;
 * sections with an argument name a NIC (`nic eth0`) or the client IP the route was asked for.
 */
export const PROBE_SECTIONS = [
  'begin',
  'missing-tools',
  'hostname',
  'os-release',
  'kernel',
  'cmdline',
  'cpuinfo',
  'cpu-online',
  'cpu-topology',
  'numa',
  'meminfo',
  'hugepages',
  'thp',
  'nic',
  'ethtool-i',
  'ethtool-l',
  'ethtool-g',
  'ethtool-k',
  'ip-link',
  'ip-addr',
  'ssh-connection',
  'route-mgmt',
  'route-default',
  'proc-net-route',
  'lsblk',
  'sys-block',
  'df',
  'iommu',
  'virt',
  'virt-hints',
  'time',
  'ntp-procs',
  'end',
] as const;

export type ProbeSectionName = (typeof PROBE_SECTIONS)[number];

const SECTION_SET: ReadonlySet<string> = new Set(PROBE_SECTIONS);

export function isProbeSectionName(name: string): name is ProbeSectionName {
  return SECTION_SET.has(name);
}

// The marker is pasted into the script inside single quotes and matched at line starts, so it may contain
// neither quotes, whitespace nor shell metacharacters; the length floor keeps it unguessable.
const MARKER_PATTERN = /^[A-Za-z0-9@_.:+=-]{16,128}$/;

export function isValidProbeMarker(marker: string): boolean {
  return MARKER_PATTERN.test(marker);
}

/** A fresh per-run nonce: 128 random bits between recognisable fences, e.g. `@@picket-3f9a…@@`. */
export function newProbeMarker(): string {
  return `@@picket-${randomBytes(16).toString('hex')}@@`;
}
