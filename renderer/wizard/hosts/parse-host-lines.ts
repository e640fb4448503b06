/**
 * Hosts pasted as lines — `user@host[:port]`, optionally preceded by a name (`sensor-1 ops@10.0.0.11:2222`) —
 * read into staged rows, every bad line reported with why. Blank lines and `#` comments are skipped. IPv6
 * addresses take brackets when a port follows (`root@[2001:db8::5]:22`). A line without a name gets the first
 * label of its DNS name, or host-N.
 */
import { DNS_LABEL } from '../../../provisioning/contract/cluster-vocabulary.ts';

export interface HostLine {
  /** 1-based line number in the pasted text. */
  line: number;
  name: string;
  user: string | null;
  address: string;
  port: number | null;
}

export interface HostLineError {
  line: number;
  text: string;
  message: string;
}

export interface ParsedHostLines {
  hosts: HostLine[];
  errors: HostLineError[];
}

const USER = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;
const HOST_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function isIpv6(text: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function isDnsName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  const labels = name.split('.');
  return name.length > 0 && name.length <= 253 && labels.every((l) => HOST_LABEL.test(l)) && !/^\d+$/.test(labels.at(-1) ?? '');
}

function splitHostPort(text: string): { address: string; port: string | null } | string {
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) return 'an IPv6 address opened with [ needs its closing ]';
    const rest = text.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return `unexpected "${rest}" after ]`;
    return { address: text.slice(1, end), port: rest === '' ? null : rest.slice(1) };
  }
  const colons = (text.match(/:/g) ?? []).length;
  if (colons > 1) return { address: text, port: null }; // a bare IPv6 address
  const [address = '', port] = text.split(':');
  return { address, port: port ?? null };
}

function parseLine(text: string, line: number): Omit<HostLine, 'name'> & { name: string | null } | HostLineError {
  const fail = (message: string): HostLineError => ({ line, text, message });
  const words = text.split(/\s+/);
  if (words.length > 2) return fail('expected user@host[:port], optionally after a name');
  const [first = '', second] = words;
  const name = second === undefined ? null : first;
  const target = second ?? first;
  if (name !== null && !DNS_LABEL.test(name)) return fail(`"${name}" is not a host name: use lowercase letters, digits and "-"`);
  const at = target.lastIndexOf('@');
  const user = at < 0 ? null : target.slice(0, at);
  if (user !== null && !USER.test(user)) return fail(`"${user}" is not a login name`);
  const split = splitHostPort(at < 0 ? target : target.slice(at + 1));
  if (typeof split === 'string') return fail(split);
  const { address, port } = split;
  if (!(isIpv4(address) || isIpv6(address) || isDnsName(address))) return fail(`"${address}" is not an IP address or DNS name`);
  let portNumber: number | null = null;
  if (port !== null) {
    portNumber = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
    if (!(portNumber >= 1 && portNumber <= 65535)) return fail(`"${port}" is not a TCP port (1-65535)`);
  }
  return { line, name, user, address, port: portNumber };
}

/** The first label of a DNS name when it is a usable host name; host-N otherwise (the lowest N not taken). */
export function suggestName(address: string, taken: ReadonlySet<string>): string {
  if (isDnsName(address) && !isIpv4(address)) {
    const label = address.split('.')[0]!.toLowerCase();
    if (DNS_LABEL.test(label) && !taken.has(label)) return label;
  }
  for (let n = 1; ; n++) if (!taken.has(`host-${n}`)) return `host-${n}`;
}

/** `taken`: names already in the project (or staged), which new lines may not reuse. */
export function parseHostLines(text: string, taken: Iterable<string> = [], takenAddresses: Iterable<string> = []): ParsedHostLines {
  const names = new Set(taken);
  const addresses = new Set(takenAddresses);
  const hosts: HostLine[] = [];
  const errors: HostLineError[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const parsed = parseLine(line, i + 1);
    if ('message' in parsed) return void errors.push(parsed);
    const where = `${parsed.address.toLowerCase()}:${parsed.port ?? 22}`;
    if (addresses.has(where)) return void errors.push({ line: i + 1, text: line, message: `${parsed.address} is listed already` });
    if (parsed.name !== null && names.has(parsed.name)) return void errors.push({ line: i + 1, text: line, message: `${parsed.name} is taken: name this host otherwise` });
    const name = parsed.name ?? suggestName(parsed.address, names);
    names.add(name);
    addresses.add(where);
    hosts.push({ ...parsed, name });
  });
  return { hosts, errors };
}
