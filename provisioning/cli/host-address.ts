import { UsageError } from './usage-error.ts';

/** Parses the host arguments of the CLI: `[user@]host[:port]`, with `[v6addr]:port` for IPv6. Pure. */

export interface HostAddress {
  user: string | undefined;
  address: string;
  port: number | undefined;
}

export function parseHostAddress(text: string): HostAddress {
  const at = text.lastIndexOf('@');
  const user = at >= 0 ? text.slice(0, at) : undefined;
  const rest = at >= 0 ? text.slice(at + 1) : text;
  if (user !== undefined && !/^[a-z_][a-z0-9_.-]*\$?$/i.test(user)) {
    throw new UsageError(`"${text}": "${user}" is not a valid user name`);
  }
  let address = rest;
  let portText: string | undefined;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    address = v6[1]!;
    portText = v6[2];
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    [address, portText] = rest.split(':') as [string, string];
  }
  if (!address || !/^[A-Za-z0-9.:_-]+$/.test(address) || address.startsWith('-')) {
    throw new UsageError(`"${text}": not a host name or address (expected [user@]host[:port])`);
  }
  let port: number | undefined;
  if (portText !== undefined) {
    port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`"${text}": port must be 1-65535`);
  }
  return { user, address, port };
}
