import { describe, expect, it } from 'vitest';
import { cluster, host, nic, roomyInventory } from '../testing/fixture-host.ts';
import { captureNic } from './capture-nic.ts';

const sensor = (capture: string[], inventory = roomyInventory('sensor-1')) => host('sensor-1', ['sensor'], inventory, { capture: capture.map((n) => ({ nic: n })) });

describe('capture-nic', () => {
  it('passes capture NICs that exist, have link and are not the management NIC', () => {
    expect(captureNic(cluster([sensor(['cap0', 'cap1'])]))).toEqual([]);
  });

  it('fails a NIC the host does not have, listing the ones it has', () => {
    const inventory = roomyInventory('sensor-1');
    inventory.nics = inventory.nics.filter((n) => ['eth0', 'cap0', 'cap1'].includes(n.name));
    expect(captureNic(cluster([sensor(['cap9'], inventory)]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'capture-nic',
        message: 'sensor-1 has no NIC named cap9 (it has: eth0, cap0, cap1)',
        fix: 'correct the capture NIC of sensor-1 in the cluster spec (picket inventory lists its NICs)',
      },
    ]);
  });

  it('fails the management NIC as a capture NIC', () => {
    expect(captureNic(cluster([sensor(['eth0'])]))).toEqual([
      {
        severity: 'fail',
        host: 'sensor-1',
        check: 'capture-nic',
        message: 'eth0 on sensor-1 is the management NIC (it carries the SSH session to this machine); giving it to a sensor pod would cut the host off',
        fix: 'capture on another NIC of sensor-1; eth0 must stay with the host',
      },
    ]);
  });

  it('fails a sensor without capture NICs, and a NIC listed twice', () => {
    expect(captureNic(cluster([sensor([])])).map((f) => f.message)).toEqual([
      'sensor-1 is a sensor without a capture NIC; it needs at least one besides the management NIC',
    ]);
    expect(captureNic(cluster([sensor(['cap0', 'cap0'])])).map((f) => f.message)).toEqual(['cap0 is listed more than once as a capture NIC of sensor-1']);
    expect(captureNic(cluster([host('server-1', ['server'], roomyInventory('server-1'))]))).toEqual([]);
  });

  it('warns for a link that is down, unless a fresher capture-path sample speaks for it', () => {
    const inventory = roomyInventory('sensor-1');
    nic(inventory, 'cap1').link = 'down';
    expect(captureNic(cluster([sensor(['cap0', 'cap1'], inventory)]))).toEqual([
      {
        severity: 'warn',
        host: 'sensor-1',
        check: 'capture-nic',
        message: 'cap1 on sensor-1 has no link — is the TAP or SPAN cabled to this port?',
        fix: 'check the cable and the TAP or SPAN feeding cap1; if the interface is only administratively down, tuning brings it up',
      },
    ]);
    const sampled = cluster([sensor(['cap0', 'cap1'], inventory)], {
      capture: [{ host: 'sensor-1', nic: 'cap1', link: 'down', packetsPerSecond: 0, bytesPerSecond: 0, seconds: 5 }],
    });
    expect(captureNic(sampled)).toEqual([]);
  });

  it('warns that the host loses the addresses of a capture NIC (link-local ones do not count)', () => {
    const inventory = roomyInventory('sensor-1');
    nic(inventory, 'cap0').addresses = ['10.20.0.5/24', 'fe80::1/64'];
    expect(captureNic(cluster([sensor(['cap0'], inventory)]))).toEqual([
      {
        severity: 'warn',
        host: 'sensor-1',
        check: 'capture-nic',
        message: 'cap0 on sensor-1 has address 10.20.0.5/24; the sensor pod takes the whole NIC and the host loses it',
        fix: 'move what uses 10.20.0.5/24 to another NIC, or choose a capture NIC without addresses',
      },
    ]);
  });
});
