/**
 * `npm run lab -- spec`: a cluster.yaml for the running lab. The first host is the server (and data); the others
 * are sensors capturing on cap0 (zeek + suricata) and cap1 (suricata), chosen by name + MAC as read from the
 * hosts just now. With a single host, that host does everything (standalone).
 */
import { appendFile, readFile } from 'node:fs/promises';
import { Document, isMap, isScalar, isSeq, Scalar, visit } from 'yaml';
import type { HostInventory } from '../../provisioning/inventory/host-inventory.ts';
import { probeHost } from '../../provisioning/inventory/probe-host.ts';
import type { CaptureNicSpec, ClusterSpec, Engine, HostSpec } from '../../provisioning/project/cluster-spec.ts';
import { loadClusterSpec } from '../../provisioning/project/load-cluster-spec.ts';
import { createProject, projectPaths } from '../../provisioning/project/project-folder.ts';
import { formatSpecError } from '../../provisioning/project/spec-error.ts';
import { mapBounded } from '../../provisioning/shared/map-bounded.ts';
import { HostConnection } from '../../provisioning/ssh/connection.ts';
import { KnownHosts, knownHostName } from '../../provisioning/ssh/known-hosts.ts';
import { rootTarget } from '../support/lab-hosts.ts';
import type { LabHost } from './lab.ts';
import { LAB_KNOWN_HOSTS } from './lab-layout.ts';

export const LAB_CLUSTER_NAME = 'lab';

/** Which engines read which capture NIC of a lab sensor. */
const CAPTURE_ENGINES: readonly [string, Engine[]][] = [
  ['cap0', ['zeek', 'suricata']],
  ['cap1', ['suricata']],
];

export interface ProbedLabHost {
  host: LabHost;
  inventory: HostInventory;
}

function captureNics(host: LabHost, inventory: HostInventory): CaptureNicSpec[] {
  return CAPTURE_ENGINES.map(([name, engines]) => {
    const nic = inventory.nics.find((n) => n.name === name);
    if (!nic) throw new Error(`${host.name} has no NIC ${name} (its NICs: ${inventory.nics.map((n) => n.name).join(', ')}): is it a lab host?`);
    return { name, mac: nic.mac, role: 'passive', engines: [...engines] };
  });
}

/** The spec for these hosts, given what each one's inventory says. Pure. */
export function labClusterSpec(probed: ProbedLabHost[]): ClusterSpec {
  if (probed.length === 0) throw new Error('no lab hosts: start them with npm run lab -- up');
  const identityFile = probed[0]!.host.identityFile;
  const standalone = probed.length === 1;
  const hosts = probed.map(({ host, inventory }, i): HostSpec => ({
    name: host.name,
    address: host.address,
    ...(host.port === 22 ? {} : { port: host.port }),
    ...(host.identityFile === identityFile ? {} : { auth: { method: 'key' as const, identityFile: host.identityFile } }),
    roles: standalone ? ['server', 'sensor', 'data'] : i === 0 ? ['server', 'data'] : ['sensor'],
    ...(standalone || i > 0 ? { capture: captureNics(host, inventory) } : {}),
  }));
  return {
    apiVersion: 'picket/v1',
    kind: 'Cluster',
    name: LAB_CLUSTER_NAME,
    mode: standalone ? 'standalone' : 'cluster',
    defaults: { user: 'root', port: 22, auth: { method: 'key', identityFile }, sudo: false },
    hosts,
    // Lab hosts share this machine's few cores and its disk: far below what a real sensor needs. The waiver is
    // explicit and journaled, as it would be for an undersized field kit.
    preflight: { waive: [{ check: 'role-resources', reason: "lab hosts share this machine's cores and disk" }] },
  };
}

/** The spec as cluster.yaml: short lists and auth on one line; MACs quoted, as YAML 1.1 readers need. */
export function labClusterYaml(spec: ClusterSpec): string {
  const doc = new Document(spec, { aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if ((key === 'roles' || key === 'engines') && isSeq(pair.value)) pair.value.flow = true;
      if (key === 'auth' && isMap(pair.value)) pair.value.flow = true;
      if ((key === 'mac' || key === 'pci') && isScalar(pair.value)) pair.value.type = Scalar.QUOTE_DOUBLE;
    },
  });
  doc.commentBefore =
    ' The running lab as a cluster, from `npm run lab -- spec`. Capture NICs are chosen by name + MAC,\n' +
    ' read from the hosts when this file was written: a lab host rebuilt since may have other MACs.';
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Inventories the hosts in parallel, pinning their keys in `knownHosts` on first contact (as --lab does). */
export async function probeLabHosts(hosts: LabHost[], knownHosts: KnownHosts): Promise<ProbedLabHost[]> {
  const results = await mapBounded(hosts, 8, async (host) => {
    const connection = new HostConnection(rootTarget(host), { hostKeys: { knownHosts, confirmNewHost: async () => true }, reconnectAttempts: 2 });
    try {
      return { host, inventory: await probeHost(connection) };
    } catch (error) {
      return { host, error: error instanceof Error ? error.message : String(error) };
    } finally {
      connection.close();
    }
  });
  const failed = results.flatMap((r) => ('error' in r ? [r.error] : []));
  if (failed.length) throw new Error(`cannot inventory ${failed.length} lab host(s):\n  ${failed.join('\n  ')}`);
  return results.flatMap((r) => ('inventory' in r && r.inventory ? [{ host: r.host, inventory: r.inventory }] : []));
}

/** Lines of `from` (a known_hosts file) that pin one of these hosts. */
async function pinsOf(from: string, hosts: LabHost[]): Promise<string> {
  const names = new Set(hosts.map((h) => knownHostName(h.address, h.port)));
  const text = await readFile(from, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.split(/\s+/)[0]?.split(',').some((name) => names.has(name)))
    .map((line) => `${line}\n`)
    .join('');
}

export interface LabSpecOptions {
  hosts: LabHost[];
  /** A new project folder to write into; without it the cluster.yaml is returned for printing. */
  out?: string;
  log: (line: string) => void;
}

/** Builds and validates the lab's cluster.yaml, and writes it into a new project folder when `out` is given. */
export async function labSpec(options: LabSpecOptions): Promise<string> {
  const labKnownHosts = LAB_KNOWN_HOSTS;
  options.log(`inventorying ${options.hosts.length} lab hosts for their capture NICs…`);
  const probed = await probeLabHosts(options.hosts, new KnownHosts(labKnownHosts));
  const text = labClusterYaml(labClusterSpec(probed));
  const loaded = loadClusterSpec(text, 'cluster.yaml');
  if (!loaded.ok) throw new Error(`the generated spec is not valid:\n${loaded.errors.map(formatSpecError).join('\n')}`);
  if (options.out !== undefined) {
    const paths = await createProject(options.out, { name: loaded.spec.name, mode: loaded.spec.mode, clusterYaml: text });
    // The project pins the keys the probe just saw, so its first connection asks nothing.
    await appendFile(paths.knownHosts, await pinsOf(labKnownHosts, options.hosts), { mode: 0o600 });
    options.log(`wrote ${projectPaths(options.out).clusterFile} and ${paths.knownHosts} (${options.hosts.length} hosts)`);
  }
  return text;
}
