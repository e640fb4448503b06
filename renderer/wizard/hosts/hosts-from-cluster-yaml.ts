/**
 * The hosts of another cluster.yaml (an earlier kit, a colleague's file), as staged rows to add to this project:
 * its defaults applied, roles and capture NICs kept. Passwords are never in a cluster.yaml, only secret names:
 * such a host is staged with password login, to be typed before adding. The engine validates what is added.
 */
import { parse } from 'yaml';
import { RoleSchema, type Role } from '../../../provisioning/contract/cluster-vocabulary.ts';
import type { LoginDraft, StagedCaptureNic, StagedHost } from './staged-host.ts';

export type ImportedHosts = { ok: true; hosts: StagedHost[]; skipped: string[] } | { ok: false; message: string };

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function login(auth: unknown): LoginDraft {
  if (!isFields(auth)) return { method: 'agent' };
  if (auth.method === 'key' && typeof auth.identityFile === 'string') return { method: 'key', identityFile: auth.identityFile };
  if (auth.method === 'password') return { method: 'password' };
  return { method: 'agent' };
}

function roles(value: unknown): Role[] {
  return Array.isArray(value) ? value.flatMap((r) => (RoleSchema.safeParse(r).success ? [r as Role] : [])) : [];
}

function capture(value: unknown): StagedCaptureNic[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const nics = value.filter(isFields).map((nic): StagedCaptureNic => {
    const engines = Array.isArray(nic.engines) ? nic.engines.filter((e): e is 'zeek' | 'suricata' => e === 'zeek' || e === 'suricata') : [];
    const pci = text(nic.pci);
    const name = text(nic.name);
    const mac = text(nic.mac);
    return { ...(pci ? { pci } : {}), ...(name ? { name } : {}), ...(mac ? { mac } : {}), engines };
  });
  return nics.length > 0 ? nics : undefined;
}

export function hostsFromClusterYaml(source: string): ImportedHosts {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (error) {
    return { ok: false, message: `not YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  if (!isFields(doc) || !Array.isArray(doc.hosts)) return { ok: false, message: 'no hosts: list in this file (is it a Picket cluster.yaml?)' };
  const defaults = isFields(doc.defaults) ? doc.defaults : {};
  const hosts: StagedHost[] = [];
  const skipped: string[] = [];
  doc.hosts.forEach((entry, i) => {
    const name = isFields(entry) ? text(entry.name) : undefined;
    const address = isFields(entry) ? text(entry.address) : undefined;
    if (!isFields(entry) || !name || !address) return void skipped.push(`hosts[${i}]: no name or address`);
    // A jump host's own reachability is not imported: its hosts would need it too.
    if (entry.jump !== undefined || defaults.jump !== undefined) return void skipped.push(`${name}: reached through a jump host (add it by hand)`);
    const user = text(entry.user) ?? text(defaults.user) ?? 'root';
    const port = typeof entry.port === 'number' ? entry.port : typeof defaults.port === 'number' ? defaults.port : null;
    const sudo = typeof entry.sudo === 'boolean' ? entry.sudo : typeof defaults.sudo === 'boolean' ? defaults.sudo : user !== 'root';
    const nics = capture(entry.capture);
    hosts.push({
      key: `import-${i}-${name}`,
      name,
      address,
      port: port === 22 ? null : port,
      user,
      sudo,
      roles: roles(entry.roles),
      login: login(entry.auth ?? defaults.auth),
      ...(nics ? { capture: nics } : {}),
    });
  });
  return { ok: true, hosts, skipped };
}
