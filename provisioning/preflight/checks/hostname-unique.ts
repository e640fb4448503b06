/**
 * `hostname-unique`: RKE2 names each node after its hostname and refuses a second node with a name it already
 * knows (the node-password check), so two hosts reporting the same hostname cannot both join. Compared without
 * case, as the kubelet lowercases the name.
 */
import type { Finding, PreflightInput } from '../finding.ts';
import { listOf } from '../quantity.ts';

export function hostnameUnique(input: PreflightInput): Finding[] {
  const byName = new Map<string, string[]>();
  for (const host of input.hosts) {
    const key = host.inventory.hostname.toLowerCase();
    if (key === '') continue; // hostname-valid reports an empty one
    byName.set(key, [...(byName.get(key) ?? []), host.name]);
  }
  return [...byName]
    .filter(([, hosts]) => hosts.length > 1)
    .map(([hostname, hosts]) => ({
      severity: 'fail',
      host: null,
      check: 'hostname-unique',
      message: `${listOf(hosts)} ${hosts.length === 2 ? 'both' : 'all'} report hostname ${JSON.stringify(hostname)}; RKE2 names nodes by hostname and refuses a second node of the same name`,
      fix: `give every host its own name (hostnamectl set-hostname NAME on ${listOf(hosts.slice(1))}), then run the check again`,
    }));
}
