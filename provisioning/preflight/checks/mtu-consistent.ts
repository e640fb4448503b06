/**
 * `mtu-consistent`: the management NICs carry the cluster network (Canal's VXLAN overlay), whose MTU each node
 * derives from its own NIC. Nodes that disagree lose large packets between their pods, silently.
 *
 * Capture NICs are left out on purpose: they carry no host traffic, and tuning sets their MTU to cover jumbo
 * frames from the TAP or SPAN (reference/tuning.md), so their MTU today says nothing about the install.
 */
import type { Finding, PreflightInput } from '../finding.ts';
import { listOf } from '../quantity.ts';

interface ManagementMtu {
  host: string;
  nic: string;
  mtu: number;
}

function managementMtus(input: PreflightInput): ManagementMtu[] {
  return input.hosts.flatMap((host) => {
    const name = host.inventory.managementNic;
    const nic = host.inventory.nics.find((n) => n.name === name);
    return nic ? [{ host: host.name, nic: nic.name, mtu: nic.mtu }] : [];
  });
}

export function mtuConsistent(input: PreflightInput): Finding[] {
  const found = managementMtus(input);
  const byMtu = new Map<number, ManagementMtu[]>();
  for (const entry of found) byMtu.set(entry.mtu, [...(byMtu.get(entry.mtu) ?? []), entry]);
  if (byMtu.size <= 1) return [];
  const groups = [...byMtu].sort(([, a], [, b]) => b.length - a.length);
  const [majorityMtu, majority] = groups[0]!;
  if (majority.length > groups[1]![1].length) {
    return found
      .filter((entry) => entry.mtu !== majorityMtu)
      .map((entry) => ({
        severity: 'warn',
        host: entry.host,
        check: 'mtu-consistent',
        message: `${entry.host}'s management NIC ${entry.nic} has MTU ${entry.mtu} while ${listOf(majority.map((m) => m.host))} use ${majorityMtu}; pod traffic between them loses its large packets`,
        fix: `set MTU ${majorityMtu} on ${entry.nic} (ip link set dev ${entry.nic} mtu ${majorityMtu}, and in ${entry.host}'s network configuration so it survives a reboot), or change the others to match the switch`,
      }));
  }
  const summary = groups.map(([mtu, hosts]) => `${mtu} on ${listOf(hosts.map((h) => h.host))}`).join('; ');
  return [
    {
      severity: 'warn',
      host: null,
      check: 'mtu-consistent',
      message: `management NICs disagree on MTU (${summary}); pod traffic between hosts of different MTUs loses its large packets`,
      fix: 'choose the MTU the management switch carries and set it on every host\'s management NIC (ip link set dev NIC mtu N, and in the network configuration)',
    },
  ];
}
