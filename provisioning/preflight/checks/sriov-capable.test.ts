import { describe, expect, it } from 'vitest';
import { cluster, host, nic, roomyInventory } from '../testing/fixture-host.ts';
import { sriovCapable } from './sriov-capable.ts';

describe('sriov-capable', () => {
  it('passes a capture NIC with virtual functions, and hosts without SR-IOV planned', () => {
    const inventory = roomyInventory('sensor-1');
    nic(inventory, 'cap0').sriov = { totalVfs: 64, currentVfs: 0 };
    expect(sriovCapable(cluster([host('sensor-1', ['sensor'], inventory, { sriovPlanned: true })]))).toEqual([]);
    expect(sriovCapable(cluster([host('sensor-2', ['sensor'], roomyInventory('sensor-2'))]))).toEqual([]);
  });

  it('fails a capture NIC without SR-IOV when SR-IOV is planned', () => {
    const inventory = roomyInventory('sensor-1');
    expect(sriovCapable(cluster([host('sensor-1', ['sensor'], inventory, { sriovPlanned: true })]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'sriov-capable',
        message: 'cap0 on sensor-1 offers no SR-IOV virtual functions (no sriov_totalvfs in sysfs), yet SR-IOV is planned for it',
        fix: "enable SR-IOV for cap0 in the BIOS/UEFI setup (or the NIC's firmware tool), or capture on cap0 with host-device instead of SR-IOV",
      },
    ]);
  });
});

describe('sriov-capable and the management NIC', () => {
  it('leaves a management NIC named as capture NIC to capture-nic', () => {
    expect(sriovCapable(cluster([host('sensor-1', ['sensor'], roomyInventory('sensor-1'), { sriovPlanned: true, capture: [{ nic: 'eth0' }] })]))).toEqual([]);
  });
});
