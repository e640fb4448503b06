/**
 * Edits to the hosts of a cluster.yaml, made on its YAML document so the user's comments and every other setting
 * stay (yaml prints the document again, so spacing inside a line may change). Pure: text in, text out. The
 * caller validates the result (loadClusterSpec) before writing it.
 */
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import type { AuthRef, Engine, Role } from './cluster-spec.ts';
import { ClusterEditError, parseClusterDocument, printClusterDocument, rehomeTrailingComments } from './cluster-yaml-document.ts';

/** A capture NIC as cluster.yaml lists it: a physical NIC by PCI address, or a virtual one by name and MAC. */
export type CaptureEntry = ({ pci: string } | { name: string; mac: string }) & { engines: Engine[] };

/** A host as written under hosts: (what it leaves out, defaults: gives). */
export interface HostEntry {
  name: string;
  address: string;
  port?: number;
  user?: string;
  sudo?: boolean;
  sudoSecret?: string;
  jump?: string;
  auth?: AuthRef;
  roles: Role[];
  capture?: CaptureEntry[];
}

/** The edit cannot be made as asked (no such host, a name taken …); the message says why. */
export class HostEditError extends ClusterEditError {
  override readonly name = 'HostEditError';
}

/** The template's note above an empty hosts: list, untrue once a host is listed. */
const NO_HOSTS_NOTE = /^ ?No hosts yet:/;

function hostsOf(doc: Document.Parsed): YAMLSeq {
  const hosts = doc.get('hosts', true);
  if (isSeq(hosts)) return hosts;
  if (hosts === undefined || (isScalar(hosts) && hosts.value === null)) {
    const created = new YAMLSeq();
    doc.set('hosts', created);
    return created;
  }
  throw new HostEditError('hosts: in cluster.yaml is not a list: fix it by hand first');
}

function nameOf(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const name = item.get('name');
  return typeof name === 'string' ? name : undefined;
}

function indexOfHost(hosts: YAMLSeq, name: string): number {
  return hosts.items.findIndex((item) => nameOf(item) === name);
}

function flow<T extends YAMLMap | YAMLSeq>(node: T): T {
  node.flow = true;
  return node;
}

function captureNode(doc: Document, nic: CaptureEntry): YAMLMap {
  const map = new YAMLMap();
  const quoted = (value: string) => {
    const scalar = doc.createNode(value);
    // PCI and MAC addresses are quoted, as the template writes them: no YAML reader mistakes them for numbers.
    scalar.type = 'QUOTE_DOUBLE';
    return scalar;
  };
  if ('pci' in nic) map.set('pci', quoted(nic.pci));
  else {
    map.set('name', nic.name);
    map.set('mac', quoted(nic.mac));
  }
  map.set('role', 'passive');
  map.set('engines', flow(doc.createNode([...nic.engines]) as YAMLSeq));
  return map;
}

function captureList(doc: Document, capture: CaptureEntry[]): YAMLSeq {
  const seq = new YAMLSeq();
  for (const nic of capture) seq.items.push(captureNode(doc, nic));
  return seq;
}

function hostNode(doc: Document, host: HostEntry): YAMLMap {
  const map = new YAMLMap();
  map.set('name', host.name);
  map.set('address', host.address);
  if (host.port !== undefined) map.set('port', host.port);
  if (host.user !== undefined) map.set('user', host.user);
  if (host.auth !== undefined) map.set('auth', flow(doc.createNode({ ...host.auth }) as YAMLMap));
  if (host.sudo !== undefined) map.set('sudo', host.sudo);
  if (host.sudoSecret !== undefined) map.set('sudoSecret', host.sudoSecret);
  if (host.jump !== undefined) map.set('jump', host.jump);
  map.set('roles', flow(doc.createNode([...host.roles]) as YAMLSeq));
  if (host.capture && host.capture.length > 0) map.set('capture', captureList(doc, host.capture));
  return map;
}

/** Appends a host to hosts: (an empty `hosts: []` becomes a list of one). */
export function addHost(text: string, host: HostEntry): string {
  const doc = parseClusterDocument(text);
  rehomeTrailingComments(doc);
  const hosts = hostsOf(doc);
  if (indexOfHost(hosts, host.name) >= 0) throw new HostEditError(`${host.name} is already a host of this project: choose another name, or remove it first`);
  if (hosts.items.length === 0) {
    hosts.flow = false;
    const key = (doc.contents as YAMLMap).items.find((pair) => isScalar(pair.key) && pair.key.value === 'hosts')?.key as Node | undefined;
    if (key?.commentBefore && NO_HOSTS_NOTE.test(key.commentBefore)) key.commentBefore = undefined;
  }
  hosts.items.push(hostNode(doc, host));
  return printClusterDocument(doc);
}

/** Removes a host, and the preflight waivers that name it; refuses while another host jumps through it. */
export function removeHost(text: string, name: string): string {
  const doc = parseClusterDocument(text);
  rehomeTrailingComments(doc);
  const hosts = hostsOf(doc);
  const index = indexOfHost(hosts, name);
  if (index < 0) throw new HostEditError(`${name} is not a host of this project`);
  const through = hosts.items.filter((item) => isMap(item) && item.get('jump') === name).map(nameOf);
  if (doc.getIn(['defaults', 'jump']) === name) through.unshift('defaults:');
  if (through.length > 0) throw new HostEditError(`${through.join(', ')} reach${through.length === 1 ? 'es' : ''} the other hosts through ${name}: change their jump first`);
  hosts.items.splice(index, 1);
  const waive = doc.getIn(['preflight', 'waive'], true);
  if (isSeq(waive)) waive.items = waive.items.filter((item) => !(isMap(item) && item.get('host') === name));
  return printClusterDocument(doc);
}

function sameNic(item: unknown, nic: CaptureEntry): boolean {
  if (!isMap(item)) return false;
  const text = (key: string) => String(item.get(key) ?? '').toLowerCase();
  return 'pci' in nic ? text('pci') === nic.pci.toLowerCase() : text('name') === nic.name && text('mac') === nic.mac.toLowerCase();
}

function sameList(node: unknown, values: readonly string[]): boolean {
  return isSeq(node) && node.items.length === values.length && node.items.every((item, i) => isScalar(item) && item.value === values[i]);
}

/**
 * Sets a host's roles and its capture NICs (the whole list; empty removes capture:). A NIC already listed keeps
 * its entry — its workers: and comments — with only its engines set.
 */
export function setHostRoles(text: string, name: string, roles: Role[], capture: CaptureEntry[]): string {
  const doc = parseClusterDocument(text);
  rehomeTrailingComments(doc);
  const hosts = hostsOf(doc);
  const host = hosts.items[indexOfHost(hosts, name)];
  if (!isMap(host)) throw new HostEditError(`${name} is not a host of this project`);
  if (!sameList(host.get('roles', true), roles)) host.set('roles', flow(doc.createNode([...roles]) as YAMLSeq));
  if (capture.length === 0) {
    host.delete('capture');
    return printClusterDocument(doc);
  }
  const existing = host.get('capture', true);
  const before = isSeq(existing) ? existing.items : [];
  const list = isSeq(existing) ? existing : new YAMLSeq();
  list.items = capture.map((nic) => {
    const kept = before.find((item) => sameNic(item, nic));
    if (!isMap(kept)) return captureNode(doc, nic);
    if (!sameList(kept.get('engines', true), nic.engines)) kept.set('engines', flow(doc.createNode([...nic.engines]) as YAMLSeq));
    return kept;
  });
  if (!isSeq(existing)) host.set('capture', list);
  return printClusterDocument(doc);
}
