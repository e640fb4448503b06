/**
 * The rules of a cluster spec that span hosts: unique names and addresses, jump hosts that exist and form no
 * cycle, a login for every host, what each mode needs, and what is not filled in yet (marked incomplete). Pure.
 *
 * A host that failed its own checks is passed as undefined: its errors are already reported, and rules that
 * would need it stay quiet rather than report a consequence of the same mistake.
 */
import {
  DEFAULT_PORT, DEFAULT_USER, effectiveHost, hostJump, NO_HOSTS_YET, ROLES, type HostDefaults, type HostSpec, type Mode, type Role, type Waiver,
} from './cluster-spec.ts';
import { MISSING, type SpecIssue } from './spec-error.ts';
import { either } from './spec-formats.ts';
import { closestName } from './suggest-name.ts';

/** What a host entry says about its identity, read even when the entry fails its own checks. */
export interface WrittenHost {
  name?: string;
  address?: string;
  port?: number;
  jump?: string;
}

export interface ClusterRulesInput {
  /** undefined when mode is missing or invalid. */
  mode: Mode | undefined;
  /** undefined when there is no defaults: block. */
  defaults: HostDefaults | undefined;
  /** false when defaults: failed its own checks. */
  defaultsValid: boolean;
  /** Index for index with hosts: in the file; undefined where a host failed its own checks. */
  hosts: (HostSpec | undefined)[];
  /** hosts: is a list (possibly empty); false when it is missing or not a list (its own error says so). */
  hostsListed: boolean;
  /** Index for index with hosts: the name, address, port and jump each entry gives (when they are of the right type). */
  written: WrittenHost[];
  hasExternal: boolean;
  /** undefined where a waiver failed its own checks. */
  waivers: (Waiver | undefined)[];
}

interface Indexed {
  host: HostSpec;
  index: number;
}

function hostList(names: ReadonlySet<string>): string {
  const all = [...names];
  return all.length > 8 ? `${all.slice(0, 8).join(', ')} …` : all.join(', ');
}

function unknownHost(name: string, names: ReadonlySet<string>): string {
  const guess = closestName(name, [...names]);
  return `"${name}" is not a host of this file (${guess ? `did you mean ${guess}? ` : ''}hosts: ${hostList(names) || 'none'})`;
}

function showAddress(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function uniqueness(written: WrittenHost[], defaults: HostDefaults | undefined): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  written.forEach((host, index) => {
    if (host.name !== undefined) {
      const first = names.get(host.name);
      if (first === undefined) names.set(host.name, index);
      else issues.push({ path: ['hosts', index, 'name'], message: `"${host.name}" is already the name of hosts[${first}]: host names must be unique — rename one` });
    }
    if (host.address !== undefined) {
      const port = host.port ?? defaults?.port ?? DEFAULT_PORT;
      const key = `${host.address.toLowerCase()}:${port}`;
      const first = addresses.get(key);
      if (first === undefined) addresses.set(key, index);
      else {
        const other = written[first]!.name;
        issues.push({
          path: ['hosts', index, 'address'],
          message: `${showAddress(host.address, port)} is already hosts[${first}]${other ? ` (${other})` : ''}: each host needs its own address or SSH port`,
        });
      }
    }
  });
  return issues;
}

function jumps(hosts: Indexed[], input: ClusterRulesInput): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { defaults, written } = input;
  const names = new Set(written.flatMap((host) => (host.name === undefined ? [] : [host.name])));
  if (defaults?.jump !== undefined && !names.has(defaults.jump)) {
    issues.push({ path: ['defaults', 'jump'], message: `jump host ${unknownHost(defaults.jump, names)}` });
  }
  written.forEach((host, index) => {
    if (host.jump === undefined) return;
    if (host.jump === host.name) {
      issues.push({ path: ['hosts', index, 'jump'], message: 'a host cannot be its own jump host: remove jump, or name another host' });
    } else if (!names.has(host.jump)) {
      issues.push({ path: ['hosts', index, 'jump'], message: `jump host ${unknownHost(host.jump, names)}` });
    }
  });
  const byName = new Map(hosts.map((h) => [h.host.name, h] as const));
  const reported = new Set<string>();
  // Follow each chain; a name seen twice closes a cycle, reported once, at the first of its hosts in the file.
  for (const start of hosts) {
    const chain: string[] = [start.host.name];
    for (let next = hostJump(defaults, start.host); next !== undefined; ) {
      const hop = byName.get(next);
      if (!hop || hop.host.jump === hop.host.name) break; // unknown, or the self-jump reported above
      const loopAt = chain.indexOf(next);
      if (loopAt >= 0) {
        const cycle = chain.slice(loopAt);
        const key = [...cycle].sort().join(' ');
        if (loopAt === 0 && !reported.has(key)) {
          reported.add(key);
          const first = hosts.filter((h) => cycle.includes(h.host.name))[0]!;
          const order = [...cycle.slice(cycle.indexOf(first.host.name)), ...cycle.slice(0, cycle.indexOf(first.host.name))];
          issues.push({
            path: first.host.jump === undefined ? ['defaults', 'jump'] : ['hosts', first.index, 'jump'],
            message: `jump cycle ${[...order, order[0]].join(' → ')}: one host of the chain must be reachable directly (remove its jump)`,
          });
        }
        break;
      }
      chain.push(next);
      next = hostJump(defaults, hop.host);
    }
  }
  return issues;
}

function rolesAndLogins(hosts: Indexed[], input: ClusterRulesInput): SpecIssue[] {
  if (!input.defaultsValid) return [];
  const { defaults } = input;
  const jumpedThrough = new Set(hosts.map(({ host }) => hostJump(defaults, host)));
  const issues: SpecIssue[] = [];
  for (const { host, index } of hosts) {
    const canLogIn = Boolean(host.auth ?? defaults?.auth);
    if (!canLogIn) {
      issues.push({
        path: ['hosts', index, 'auth'],
        message: `${MISSING}no way to log in — give auth: here or under defaults: ({ method: key, identityFile: FILE }, { method: agent } or { method: password, secret: NAME })`,
      });
    }
    if (host.roles.length === 0) {
      if (!jumpedThrough.has(host.name)) {
        issues.push({
          path: ['hosts', index, 'roles'],
          message: `no roles: give at least one of ${either(ROLES)} (roles: [] is only for a jump host, and no host jumps through ${host.name})`,
        });
      }
    } else if (canLogIn) {
      const effective = effectiveHost({ defaults }, host);
      if (effective.user !== DEFAULT_USER && !effective.sudo) {
        issues.push({
          path: ['hosts', index, 'sudo'],
          message: `${effective.user} is not root, and installing needs root: set sudo: true (with sudoSecret: if sudo asks for a password other than the login one), or log in as root`,
        });
      }
    }
  }
  return issues;
}

/** What is not filled in yet: no hosts at all, a sensor without capture NICs. */
function unfilled(hosts: Indexed[], input: ClusterRulesInput): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (input.hostsListed && input.hosts.length === 0) issues.push({ path: ['hosts'], message: NO_HOSTS_YET, incomplete: true });
  for (const { host, index } of hosts) {
    if (host.roles.includes('sensor') && (host.capture === undefined || host.capture.length === 0)) {
      issues.push({
        path: ['hosts', index, 'capture'],
        message: `${host.capture === undefined ? MISSING : 'empty: '}a sensor needs at least one capture NIC — add capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek, suricata] }] (picket inventory lists the host's NICs)`,
        incomplete: true,
      });
    }
  }
  return issues;
}

function hasRole(host: HostSpec, role: Role): boolean {
  return host.roles.includes(role);
}

function modeRules(mode: Mode, hosts: Indexed[]): SpecIssue[] {
  const working = hosts.filter(({ host }) => host.roles.length > 0);
  const issues: SpecIssue[] = [];
  if (mode === 'standalone') {
    if (working.length === 0) {
      issues.push({ path: ['hosts'], message: 'standalone mode runs everything on one host, but no host has roles yet: give one roles: [server, sensor, data]', incomplete: true });
    } else if (working.length !== 1) {
      const which = working.length ? ` (${working.map(({ host }) => host.name).join(', ')})` : '';
      issues.push({ path: ['hosts'], message: `standalone mode runs everything on one host, but ${working.length} hosts have roles${which}: keep one, or set mode: cluster` });
    } else {
      const { host, index } = working[0]!;
      if (!hasRole(host, 'server') || !hasRole(host, 'sensor')) {
        issues.push({ path: ['hosts', index, 'roles'], message: 'standalone mode runs everything on this one host: its roles need server and sensor (e.g. roles: [server, sensor, data])' });
      }
    }
  } else if (mode === 'cluster') {
    if (!working.some(({ host }) => hasRole(host, 'server'))) {
      issues.push({ path: ['hosts'], message: 'cluster mode needs a server (the Kubernetes control plane): add server to one host\'s roles, e.g. roles: [server, data]', incomplete: true });
    }
    if (!working.some(({ host }) => hasRole(host, 'sensor'))) {
      issues.push({ path: ['hosts'], message: 'cluster mode needs a sensor: add sensor (and its capture NICs) to at least one host\'s roles', incomplete: true });
    }
  } else {
    for (const { host, index } of working) {
      const others = host.roles.filter((role) => role !== 'sensor');
      if (others.length) {
        issues.push({ path: ['hosts', index, 'roles'], message: `external mode runs sensors only (logs go to the external sink): remove ${others.join(', ')} from roles, or set mode: cluster` });
      }
    }
    if (!working.some(({ host }) => hasRole(host, 'sensor'))) {
      issues.push({ path: ['hosts'], message: 'external mode needs a sensor: add roles: [sensor] and capture NICs to at least one host', incomplete: true });
    }
  }
  return issues;
}

function externalBlock(input: ClusterRulesInput): SpecIssue[] {
  if (input.mode === 'external' && !input.hasExternal) {
    return [{ path: ['external'], message: `${MISSING}external mode sends logs to an outside sink — add external: { sink: kafka, url: kafka://10.0.0.50:9092 } (sink: kafka, elasticsearch or syslog)`, incomplete: true }];
  }
  if (input.mode !== undefined && input.mode !== 'external' && input.hasExternal) {
    return [{ path: ['external'], message: 'used only in mode: external — remove it, or set mode: external', at: 'key' }];
  }
  return [];
}

function waivers(input: ClusterRulesInput): SpecIssue[] {
  const names = new Set(input.written.flatMap((host) => (host.name === undefined ? [] : [host.name])));
  return input.waivers.flatMap((waiver, index) =>
    waiver?.host !== undefined && !names.has(waiver.host)
      ? [{ path: ['preflight', 'waive', index, 'host'], message: unknownHost(waiver.host, names) }]
      : [],
  );
}

export function checkClusterRules(input: ClusterRulesInput): SpecIssue[] {
  const hosts = input.hosts.flatMap((host, index) => (host ? [{ host, index }] : []));
  const allHostsValid = hosts.length === input.hosts.length;
  return [
    ...uniqueness(input.written, input.defaults),
    ...jumps(hosts, input),
    ...rolesAndLogins(hosts, input),
    ...unfilled(hosts, input),
    ...(input.mode !== undefined && allHostsValid && input.hosts.length > 0 ? modeRules(input.mode, hosts) : []),
    ...externalBlock(input),
    ...waivers(input),
  ];
}
