/**
 * Started local test hosts as staged rows, as if typed: name lab-N, its address, root with the lab's key file.
 * A host already in the project or the table (by name or address) is not staged twice; it is named instead.
 */
import type { LabStartedHost } from '../../../provisioning/contract/lab-requests.ts';
import type { StagedHost } from './staged-host.ts';

export type LabHostRow = Omit<StagedHost, 'key' | 'roles'>;

/** `takenAddresses` as the Hosts step keys them: `address:port`, the address in lower case. */
export function labHostRows(started: LabStartedHost[], takenNames: Iterable<string>, takenAddresses: Iterable<string>): { rows: LabHostRow[]; already: string[] } {
  const names = new Set(takenNames);
  const addresses = new Set(takenAddresses);
  const rows: LabHostRow[] = [];
  const already: string[] = [];
  for (const host of started) {
    if (names.has(host.name) || addresses.has(`${host.address.toLowerCase()}:${host.port}`)) {
      already.push(host.name);
      continue;
    }
    rows.push({
      name: host.name,
      address: host.address,
      port: host.port === 22 ? null : host.port,
      user: host.user,
      sudo: host.user !== 'root',
      login: { method: 'key', identityFile: host.identityFile },
    });
  }
  return { rows, already };
}
