/**
 * `hostname-valid`: the hostname becomes the Kubernetes node name, which must be a DNS-1123 subdomain (the
 * kubelet lowercases it first). "localhost" is refused too: it is what an unconfigured machine calls itself
 * and it resolves to loopback on every host.
 */
import type { Finding, PreflightInput } from '../finding.ts';

const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function problem(hostname: string): string | null {
  const name = hostname.toLowerCase();
  if (name === '') return 'reports no hostname';
  if (name === 'localhost' || name.startsWith('localhost.')) return `is still called ${JSON.stringify(hostname)}`;
  if (name.length > 253 || !DNS_1123_SUBDOMAIN.test(name)) {
    return `reports hostname ${JSON.stringify(hostname)}, which is not a valid Kubernetes node name (letters, digits, '-' and '.', starting and ending with a letter or digit)`;
  }
  return null;
}

export function hostnameValid(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host): Finding[] => {
    const why = problem(host.inventory.hostname);
    if (why === null) return [];
    return [{ severity: 'fail', host: host.name, check: 'hostname-valid', message: `${host.name} ${why}`, fix: `give ${host.name} a unique name of its own (hostnamectl set-hostname NAME)` }];
  });
}
