/**
 * Minimum hardware per role, and how the minimums of several roles on one host combine.
 *
 * role    physical cores  RAM     /var/lib/rancher  /var/log   sources (reference/installers.md)
 * server  4               16 GiB  100 GB            -          SO MANAGER 16 GB/4 cores (§5); AI master 4 cores/16 GiB/100 GB (§1)
 * agent   2               8 GiB   100 GB            -          AI worker 2 cores/8 GiB/100 GB (§1); RKE2's 2 CPU/4 GB is the bare node (§3)
 * sensor  4               12 GiB  100 GB            100 GB     SO SENSOR 12 GB/4 cores (§5); SO wants 100 GB on / plus 100 GB on /nsm (§5)
 * data    4               16 GiB  200 GB            -          SO SEARCHNODE 16 GB/4 cores (§5); SO's 200 GB on / when /nsm is not separate (§5)
 *
 * - RKE2's own 2 CPU / 4 GB (§3) is below every row: it covers the node agent, not the workloads we schedule.
 * - /var/lib/rancher holds RKE2's images, etcd, pod logs and (until the storage layout says otherwise) the
 *   search index of a data node, which is why data asks for SO's 200 GB. /var/log holds the sensor's Zeek and
 *   Suricata logs until they are shipped, SO's /nsm share. When both paths sit on one filesystem, their
 *   needs add up there (a sensor with one disk needs 200 GB on /, as SO asks).
 * - Combining roles on one host: the larger of each minimum (a server also being an agent needs nothing more),
 *   except that a sensor next to a server or data role adds its cores and RAM: its pods are Guaranteed QoS with
 *   exclusive cores under the static CPU manager, so nothing else can use them. Standalone mode runs every role
 *   on its host: max(server, data) + sensor = 8 cores, 28 GiB (SO's own STANDALONE floor of 16 GB/4 cores shares
 *   cores between tools, which pinned capture does not).
 */
import type { PreflightInput, Role } from './finding.ts';
import { GB, GiB } from './quantity.ts';

export const RANCHER_PATH = '/var/lib/rancher';
export const SENSOR_LOG_PATH = '/var/log';

export interface Requirement {
  cores: number;
  memoryBytes: number;
  /** Free bytes needed per path (a path missing from the map needs nothing). */
  diskBytes: Readonly<Record<string, number>>;
}

export const ROLE_REQUIREMENTS: Readonly<Record<Role, Requirement>> = {
  server: { cores: 4, memoryBytes: 16 * GiB, diskBytes: { [RANCHER_PATH]: 100 * GB } },
  agent: { cores: 2, memoryBytes: 8 * GiB, diskBytes: { [RANCHER_PATH]: 100 * GB } },
  sensor: { cores: 4, memoryBytes: 12 * GiB, diskBytes: { [RANCHER_PATH]: 100 * GB, [SENSOR_LOG_PATH]: 100 * GB } },
  data: { cores: 4, memoryBytes: 16 * GiB, diskBytes: { [RANCHER_PATH]: 200 * GB } },
};

const ROLE_ORDER: readonly Role[] = ['server', 'data', 'sensor', 'agent'];

/** The roles a host really carries: every role in standalone mode, else its own, in a fixed order. */
export function effectiveRoles(mode: PreflightInput['mode'], roles: readonly Role[]): Role[] {
  if (mode === 'standalone') return ['server', 'data', 'sensor'];
  return ROLE_ORDER.filter((role) => roles.includes(role));
}

function larger(a: Requirement, b: Requirement): Requirement {
  const diskBytes: Record<string, number> = { ...a.diskBytes };
  for (const [path, bytes] of Object.entries(b.diskBytes)) diskBytes[path] = Math.max(diskBytes[path] ?? 0, bytes);
  return { cores: Math.max(a.cores, b.cores), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes), diskBytes };
}

const NOTHING: Requirement = { cores: 0, memoryBytes: 0, diskBytes: {} };

/** The minimum for a host carrying `roles` (already effective). */
export function requirementFor(roles: readonly Role[]): Requirement {
  const shared = roles.filter((role) => role !== 'sensor').map((role) => ROLE_REQUIREMENTS[role]).reduce(larger, NOTHING);
  if (!roles.includes('sensor')) return shared;
  const sensor = ROLE_REQUIREMENTS.sensor;
  const exclusive = roles.some((role) => role === 'server' || role === 'data');
  if (!exclusive) return larger(shared, sensor);
  const disk = larger(shared, sensor).diskBytes;
  return { cores: shared.cores + sensor.cores, memoryBytes: shared.memoryBytes + sensor.memoryBytes, diskBytes: disk };
}

const ARTICLE: Readonly<Record<Role, string>> = { server: 'a server', agent: 'an agent', sensor: 'a sensor', data: 'a data node' };

/** How messages name the host's duty: "a sensor", "a standalone host", "a server + sensor host". */
export function describeRoles(mode: PreflightInput['mode'], roles: readonly Role[]): string {
  if (mode === 'standalone') return 'a standalone host (server, data and sensor)';
  if (roles.length === 1) return ARTICLE[roles[0]!];
  if (roles.length === 0) return 'a host without roles';
  return `a ${roles.join(' + ')} host`;
}
