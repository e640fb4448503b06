/**
 * Where `picket serve` listens, and which names a request may use to reach it. Only IP literals are accepted:
 * a DNS name in the Host header is how a rebinding attack reaches a loopback server, so none is ever served.
 */
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export const DEFAULT_LISTEN = '127.0.0.1';

/** `[::1]` for IPv6, as it is written in a URL or Host header. */
export function urlHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

export function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === '::1' || address === '::ffff:127.0.0.1';
}

export function isUnspecified(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The addresses of this machine's interfaces (for a server listening on all of them). */
function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''));
}

/**
 * The `host:port` authorities a request may name in its Host header (and, with http://, in its Origin):
 * the listen address itself, or, when listening on all interfaces, every local address (loopback included).
 */
export function allowedAuthorities(listen: string, port: number): string[] {
  const addresses = isUnspecified(listen) ? [...new Set([DEFAULT_LISTEN, '::1', ...localAddresses()])] : [listen];
  return addresses.map((address) => `${urlHost(address)}:${port}`);
}

/** What the printed URL names: the listen address, or loopback when listening on all interfaces. */
export function publicAuthority(listen: string, port: number): string {
  return `${urlHost(isUnspecified(listen) ? DEFAULT_LISTEN : listen)}:${port}`;
}

/** Why listening on this address is risky, or null for a loopback address (only this machine can connect). */
export function listenRisk(listen: string): string | null {
  if (isLoopback(listen)) return null;
  const where = isUnspecified(listen) ? 'every network this machine is on' : `the network of ${listen}`;
  return (
    `warning: listening on ${listen}: anyone on ${where} can reach this server, and the token travels in clear ` +
    'text over plain HTTP; whoever sees it can reconfigure and install on your hosts. Prefer the default ' +
    `(${DEFAULT_LISTEN}) and an SSH tunnel (ssh -L PORT:127.0.0.1:PORT this-machine).`
  );
}
