import { describe, expect, it } from 'vitest';
import { cluster, host, nic, roomyInventory } from '../testing/fixture-host.ts';
import { mtuConsistent } from './mtu-consistent.ts';

function withManagementMtu(name: string, mtu: number) {
  const inventory = roomyInventory(name);
  nic(inventory, 'eth0').mtu = mtu;
  return host(name, ['agent'], inventory);
}

describe('mtu-consistent', () => {
  it('passes management NICs that share an MTU, whatever the capture NICs use', () => {
    const a = withManagementMtu('a', 1500);
    nic(a.inventory, 'cap0').mtu = 9000;
    expect(mtuConsistent(cluster([a, withManagementMtu('b', 1500)]))).toEqual([]);
  });

  it('warns for the host that differs from the majority', () => {
    expect(mtuConsistent(cluster([withManagementMtu('a', 1500), withManagementMtu('b', 1400), withManagementMtu('c', 1500)]))).toEqual([
      {
        severity: 'warn',
        host: 'b',
        check: 'mtu-consistent',
        message: "b's management NIC eth0 has MTU 1400 while a and c use 1500; pod traffic between them loses its large packets",
        fix: "set MTU 1500 on eth0 (ip link set dev eth0 mtu 1500, and in b's network configuration so it survives a reboot), or change the others to match the switch",
      },
    ]);
  });

  it('without a majority, one finding lists who uses what', () => {
    expect(mtuConsistent(cluster([withManagementMtu('a', 1500), withManagementMtu('b', 9000)]))).toEqual([
      {
        severity: 'warn',
        host: null,
        check: 'mtu-consistent',
        message: 'management NICs disagree on MTU (1500 on a; 9000 on b); pod traffic between hosts of different MTUs loses its large packets',
        fix: "choose the MTU the management switch carries and set it on every host's management NIC (ip link set dev NIC mtu N, and in the network configuration)",
      },
    ]);
  });
});
