import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNicSysfs, pciAddressFromPath } from './parse-nic-sysfs.ts';

const nicFixture = (model: string) =>
  readFileSync(new URL(`../../test/fixtures/nics/${model}/sysfs.txt`, import.meta.url), 'utf8');

describe('parseNicSysfs', () => {
  it('virtio_net: PCI facts from the parent function, numa_node -1 is unknown, speed -1 is unknown', () => {
    expect(parseNicSysfs(nicFixture('virtio-net'))).toEqual({
      mac: '02:fc:00:00:00:01',
      mtu: 1400,
      operState: 'up',
      carrier: true,
      speedMbps: null,
      devicePath: '/sys/devices/pci0000:00/0000:00:03.0',
      numaNode: null,
      localCpus: [0, 1],
      vendorId: '0x1af4',
      deviceId: '0x1041',
      sriovTotalVfs: null,
      sriovNumVfs: null,
      isVf: false,
      driver: 'virtio_net',
    });
  });

  it('veth: no device, veth reports 10000 Mb/s', () => {
    const veth = parseNicSysfs(nicFixture('veth'));
    expect(veth).toMatchObject({ devicePath: null, driver: null, speedMbps: 10000, carrier: true, vendorId: null });
  });

  it('derived PCI ids of the hardware fixtures', () => {
    expect(parseNicSysfs(nicFixture('intel-x710-i40e'))).toMatchObject({ vendorId: '0x8086', deviceId: '0x1572', driver: 'i40e' });
    expect(parseNicSysfs(nicFixture('mellanox-cx5-mlx5'))).toMatchObject({ vendorId: '0x15b3', deviceId: '0x1019' });
  });

  it('an SR-IOV VF and an admin-down link', () => {
    const vf = parseNicSysfs(
      'address=02:00:00:00:00:01\nmtu=9000\noperstate=down\ncarrier=\nspeed=\ndevice/numa_node=1\n' +
        'device/sriov_totalvfs=\nphysfn=1\ndriver=iavf\n',
    );
    expect(vf).toMatchObject({ isVf: true, carrier: null, speedMbps: null, numaNode: 1, driver: 'iavf' });
    expect(parseNicSysfs('speed=4294967295\n').speedMbps).toBeNull();
  });

  it('the PCI function in a resolved device path', () => {
    expect(pciAddressFromPath('/sys/devices/pci0000:00/0000:00:03.0/virtio2')).toBe('0000:00:03.0');
    expect(pciAddressFromPath('/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1')).toBe('0000:3b:00.1');
    expect(pciAddressFromPath('/sys/devices/virtual/net/br0')).toBeNull();
  });
});
