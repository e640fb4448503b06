/** Reaching lab hosts from tests: targets and connections built from .lab/hosts.json. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostConnection, type ConnectionOptions, type HostTarget } from '../../provisioning/ssh/connection.ts';
import { KnownHosts } from '../../provisioning/ssh/known-hosts.ts';
import { Secret } from '../../provisioning/ssh/secret.ts';
import { readLabHosts, type LabHost } from '../lab/lab.ts';

export async function labHosts(): Promise<LabHost[]> {
  return (await readLabHosts()).hosts;
}

export function rootTarget(host: LabHost): HostTarget {
  return { label: host.name, address: host.address, port: host.port, user: 'root', auth: [{ kind: 'key', identityFile: host.identityFile }] };
}

export function sudoTarget(host: LabHost, password = host.sudoPassword): HostTarget {
  return {
    label: host.name,
    address: host.address,
    port: host.port,
    user: host.sudoUser,
    auth: [{ kind: 'password', password: new Secret(host.sudoPassword) }],
    sudoPassword: new Secret(password),
  };
}

/** A fresh, empty known_hosts in a temp folder, accepting new keys: each test pins what it sees. */
export async function freshKnownHosts(): Promise<KnownHosts> {
  return new KnownHosts(join(await mkdtemp(join(tmpdir(), 'picket-kh-')), 'known_hosts'));
}

export async function acceptingOptions(extra: Partial<ConnectionOptions> = {}): Promise<ConnectionOptions> {
  return { hostKeys: { knownHosts: await freshKnownHosts(), confirmNewHost: async () => true }, readyTimeoutMs: 10_000, ...extra };
}

export function connect(target: HostTarget, options: ConnectionOptions): HostConnection {
  return new HostConnection(target, options);
}
