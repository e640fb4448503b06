/**
 * `picket inventory`: inventories hosts in parallel and prints a summary per host (or JSON). One host's failure
 * is reported on its own line and never stops the others; the exit code is 1 if any host failed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HostInventory } from '../inventory/host-inventory.ts';
import { probeHost } from '../inventory/probe-host.ts';
import { mapBounded } from '../shared/map-bounded.ts';
import type { AuthMethod } from '../ssh/auth.ts';
import { HostConnection, type HostKeyOffer, type HostTarget } from '../ssh/connection.ts';
import { hostKeyLabel } from '../ssh/host-key.ts';
import { KnownHosts } from '../ssh/known-hosts.ts';
import type { Secret } from '../ssh/secret.ts';
import { formatInventory } from './format-inventory.ts';
import { parseHostAddress } from './host-address.ts';
import { confirmOnTerminal, interactive, readSecretFromStdin } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

export const INVENTORY_USAGE = `usage: picket inventory [user@]host[:port]… [options]
       picket inventory --lab [options]

Inventories hosts over SSH (one round trip each, in parallel): OS, CPU and NUMA layout, memory and hugepages,
every NIC (driver, PCI address, NUMA node, queues, rings, offloads, SR-IOV) and which one is the management NIC.

options:
  --port N                 SSH port for hosts that do not give one (default 22)
  --user NAME              login user for hosts that do not give one (default root)
  --identity FILE          private key file (encrypted keys: load them into ssh-agent instead)
  --password-stdin         read the login password (also used for sudo) from the first line of stdin
  --sudo                   run the probe through sudo (for a non-root login)
  --jump [user@]host[:port] reach the hosts through this jump host
  --known-hosts FILE       pinned host keys (default ~/.config/picket/known_hosts)
  --accept-new-host-keys   pin the key of a host seen for the first time without asking
  --lab                    the hosts of the local lab (.lab/hosts.json); trusts their keys on first contact
  --parallel N             hosts probed at once (default 32)
  --json                   print [{"host","ok","inventory"|"error"}]`;

export interface InventoryResult {
  host: string;
  address: string;
  ok: boolean;
  inventory?: HostInventory;
  error?: string;
}

interface LabHostEntry {
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile: string;
}

function defaultKnownHosts(): string {
  const base = process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  return join(base, 'picket', 'known_hosts');
}

function defaultAuth(identity: string | undefined, password: Secret | undefined): AuthMethod[] {
  const methods: AuthMethod[] = [];
  if (identity) methods.push({ kind: 'key', identityFile: resolve(identity) });
  else {
    if (process.env.SSH_AUTH_SOCK) methods.push({ kind: 'agent' });
    for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
      const file = join(homedir(), '.ssh', name);
      if (existsSync(file)) methods.push({ kind: 'key', identityFile: file });
    }
  }
  if (password) {
    methods.push({ kind: 'password', password });
    methods.push({ kind: 'keyboard-interactive', password });
  }
  return methods;
}

async function labTargets(file: string): Promise<{ targets: HostTarget[]; knownHosts: string }> {
  let parsed: { hosts?: LabHostEntry[] };
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as { hosts?: LabHostEntry[] };
  } catch {
    throw new UsageError(`no lab hosts: ${file} is missing or unreadable (start them with: npm run lab -- up)`);
  }
  const targets = (parsed.hosts ?? []).map((h) => ({
    label: h.name,
    address: h.address,
    port: h.port,
    user: h.user,
    auth: [{ kind: 'key', identityFile: h.identityFile }] as AuthMethod[],
  }));
  return { targets, knownHosts: join(file, '..', 'known_hosts') };
}

export async function inventoryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      user: { type: 'string' },
      identity: { type: 'string', short: 'i' },
      'password-stdin': { type: 'boolean' },
      sudo: { type: 'boolean' },
      jump: { type: 'string', short: 'J' },
      'known-hosts': { type: 'string' },
      'accept-new-host-keys': { type: 'boolean' },
      lab: { type: 'boolean' },
      'lab-file': { type: 'string' },
      parallel: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(INVENTORY_USAGE);
    return 0;
  }
  const defaultPort = values.port === undefined ? 22 : Number(values.port);
  if (!Number.isInteger(defaultPort) || defaultPort < 1 || defaultPort > 65535) throw new UsageError(`--port must be 1-65535, got ${values.port}`);
  const parallel = values.parallel === undefined ? 32 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a whole number ≥ 1, got ${values.parallel}`);
  if (!values.lab && positionals.length === 0) throw new UsageError(`name at least one host, or --lab\n\n${INVENTORY_USAGE}`);

  const password = values['password-stdin'] ? await readSecretFromStdin() : undefined;
  const auth = defaultAuth(values.identity, password);
  let targets: HostTarget[];
  let knownHostsFile = values['known-hosts'] ?? defaultKnownHosts();
  let acceptNew = values['accept-new-host-keys'] ?? false;
  if (values.lab) {
    const lab = await labTargets(resolve(values['lab-file'] ?? '.lab/hosts.json'));
    targets = lab.targets;
    knownHostsFile = values['known-hosts'] ?? lab.knownHosts;
    acceptNew = true; // the lab is this machine's own throwaway hosts, new keys on every `up`
  } else {
    targets = positionals.map((text) => {
      const parsed = parseHostAddress(text);
      return { address: parsed.address, port: parsed.port ?? defaultPort, user: parsed.user ?? values.user ?? 'root', auth };
    });
  }
  if (values.jump) {
    const j = parseHostAddress(values.jump);
    const jump: HostTarget = { label: `jump ${j.user ?? values.user ?? 'root'}@${j.address}`, address: j.address, port: j.port ?? 22, user: j.user ?? values.user ?? 'root', auth };
    targets = targets.map((t) => ({ ...t, jump }));
  }
  if (password) targets = targets.map((t) => ({ ...t, sudoPassword: password }));
  if (auth.length === 0 && !values.lab) {
    throw new UsageError('no way to log in: give --identity FILE, run an ssh-agent, or use --password-stdin');
  }

  const knownHosts = new KnownHosts(resolve(knownHostsFile));
  const canAsk = interactive() && !values.json && !password;
  const confirmNewHost = async (offer: HostKeyOffer): Promise<boolean> => {
    if (acceptNew) return true;
    if (!canAsk) return false;
    return confirmOnTerminal(`${offer.host}:${offer.port} offers host key ${hostKeyLabel(offer.keyType)} ${offer.fingerprint}. Trust it?`);
  };

  const progress = interactive() && !values.json;
  let finished = 0;
  const results = await mapBounded(targets, parallel, async (target): Promise<InventoryResult> => {
    const connection = new HostConnection(target, { hostKeys: { knownHosts, confirmNewHost }, reconnectAttempts: 2 });
    const host = target.label ?? `${target.user}@${target.address}`;
    try {
      const inventory = await probeHost(connection, { sudo: values.sudo ?? false });
      return { host, address: target.address, ok: true, inventory };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { host, address: target.address, ok: false, error: password ? password.scrub(message) : message };
    } finally {
      connection.close();
      if (progress) process.stderr.write(`\rinventory: ${++finished}/${targets.length} hosts done`);
    }
  });
  if (progress) process.stderr.write('\n');

  if (values.json) {
    console.log(JSON.stringify(results.map(({ address: _address, ...r }) => r), null, 2));
  } else {
    for (const r of results) {
      console.log(r.ok && r.inventory ? `${formatInventory(r.host, r.address, r.inventory)}\n` : `✗ ${r.error}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`${results.length - failed} of ${results.length} hosts inventoried${failed ? `, ${failed} failed` : ''}`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
