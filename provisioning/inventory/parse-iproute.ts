// iproute2 output: `ip -j -d link`, `ip -j addr` (JSON since iproute2 4.13) and `ip -o route …` (one line per route).
// JSON is parsed with JSON.parse and then checked field by field; entries that do not fit are skipped, not trusted.
import { z } from 'zod';
import { isValidInterfaceName } from './interface-name.ts';
import { splitLines } from './text-limits.ts';

export interface IpLink {
  name: string;
  mtu: number | null;
  operState: string | null;
  mac: string | null;
  linkType: string | null;
  /** linkinfo.info_kind: 'veth', 'bridge', 'bond', 'vlan', 'tun'…; null for plain hardware NICs. */
  kind: string | null;
  /** The bridge or bond this link is a port of. */
  master: string | null;
  /** The lower device of a vlan/macvlan (`eth0` for `eth0.100`); null for the others. */
  lower: string | null;
}

const IpLinkEntry = z.object({
  ifname: z.string(),
  mtu: z.number().int().nonnegative().optional(),
  operstate: z.string().max(32).optional(),
  address: z.string().max(64).optional(),
  link_type: z.string().max(32).optional(),
  master: z.string().optional(),
  link: z.string().nullable().optional(),
  linkinfo: z.object({ info_kind: z.string().max(32).optional() }).optional(),
});

const IpAddrEntry = z.object({
  ifname: z.string(),
  addr_info: z
    .array(
      z.object({
        local: z.string().max(64).optional(),
        prefixlen: z.number().int().min(0).max(128).optional(),
      }),
    )
    .optional(),
});

function jsonArray(text: string): unknown[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return null; // "Option "-j" is unknown" on old iproute2, or an error line
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** `ip -j -d link show`, keyed by interface name; null when the output is not iproute2 JSON. */
export function parseIpLinkJson(text: string): Map<string, IpLink> | null {
  const entries = jsonArray(text);
  if (entries === null) return null;
  const links = new Map<string, IpLink>();
  for (const entry of entries) {
    const parsed = IpLinkEntry.safeParse(entry);
    if (!parsed.success || !isValidInterfaceName(parsed.data.ifname)) continue;
    const e = parsed.data;
    links.set(e.ifname, {
      name: e.ifname,
      mtu: e.mtu ?? null,
      operState: e.operstate ?? null,
      mac: e.address ?? null,
      linkType: e.link_type ?? null,
      kind: e.linkinfo?.info_kind ?? null,
      master: e.master !== undefined && isValidInterfaceName(e.master) ? e.master : null,
      lower: typeof e.link === 'string' && isValidInterfaceName(e.link) ? e.link : null,
    });
  }
  return links;
}

/** `ip -j addr show`: CIDR strings per interface name; null when the output is not iproute2 JSON. */
export function parseIpAddrJson(text: string): Map<string, string[]> | null {
  const entries = jsonArray(text);
  if (entries === null) return null;
  const addresses = new Map<string, string[]>();
  for (const entry of entries) {
    const parsed = IpAddrEntry.safeParse(entry);
    if (!parsed.success || !isValidInterfaceName(parsed.data.ifname)) continue;
    const cidrs: string[] = [];
    for (const info of parsed.data.addr_info ?? []) {
      if (info.local !== undefined && info.prefixlen !== undefined && /^[0-9a-fA-F:.]+$/.test(info.local)) {
        cidrs.push(`${info.local}/${info.prefixlen}`);
      }
    }
    addresses.set(parsed.data.ifname, cidrs);
  }
  return addresses;
}

function devOf(line: string): string | null {
  const match = /(?:^|\s)dev\s+(\S+)/.exec(line);
  return match?.[1] !== undefined && isValidInterfaceName(match[1]) ? match[1] : null;
}

/** `ip -o route get <ip>`: the device the kernel would send the reply through. */
export function parseRouteGetDev(text: string): string | null {
  for (const line of splitLines(text, 20)) {
    const dev = devOf(line);
    if (dev !== null) return dev;
  }
  return null;
}

/** `ip -o route show default` (IPv4 lines first, then IPv6): the first default route's device. */
export function parseDefaultRouteDev(text: string): string | null {
  for (const line of splitLines(text, 200)) {
    if (!/^\s*default\s/.test(line)) continue;
    const dev = devOf(line);
    if (dev !== null) return dev;
  }
  return null;
}

/** /proc/net/route (no iproute2 needed): the interface of the 0.0.0.0/0 route. */
export function parseProcNetRouteDefault(text: string): string | null {
  for (const line of splitLines(text, 10_000).slice(1)) {
    const [iface, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (iface !== undefined && destination === '00000000' && mask === '00000000' && isValidInterfaceName(iface)) {
      return iface;
    }
  }
  return null;
}
