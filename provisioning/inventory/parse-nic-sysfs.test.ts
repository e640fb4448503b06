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

  it("the probe's grep block (path:value) gives the same facts as the key=value fixture", () => {
    // The lab VM's eth0, as the probe prints it: the derived key=value lines, then one grep of every attribute.
    const probed =
      'device=/sys/devices/pci0000:00/0000:00:03.0\nphysfn=0\n' +
      '/sys/class/net/eth0/address:02:fc:00:00:00:01\n/sys/class/net/eth0/mtu:1400\n/sys/class/net/eth0/operstate:up\n' +
      '/sys/class/net/eth0/carrier:1\n/sys/class/net/eth0/speed:-1\n/sys/class/net/eth0/type:1\n' +
      '/sys/class/net/eth0/device/uevent:DRIVER=virtio_net\n/sys/class/net/eth0/device/uevent:MODALIAS=virtio:d00000001v00001AF4\n' +
      '/sys/devices/pci0000:00/0000:00:03.0/numa_node:-1\n/sys/devices/pci0000:00/0000:00:03.0/local_cpulist:0-1\n' +
      '/sys/devices/pci0000:00/0000:00:03.0/vendor:0x1af4\n/sys/devices/pci0000:00/0000:00:03.0/device:0x1041\n';
    expect(parseNicSysfs(probed)).toEqual(parseNicSysfs(nicFixture('virtio-net')));
    const veth =
      'device=\nphysfn=0\n/sys/class/net/pkl1m/address:d6:f4:57:13:6a:58\n/sys/class/net/pkl1m/mtu:1500\n' +
      '/sys/class/net/pkl1m/operstate:up\n/sys/class/net/pkl1m/carrier:1\n/sys/class/net/pkl1m/speed:10000\n/sys/class/net/pkl1m/type:1\n';
    expect(parseNicSysfs(veth)).toEqual(parseNicSysfs(nicFixture('veth')));
  });

  it('a PCI NIC with SR-IOV, and an admin-down link whose carrier and speed grep could not read', () => {
    const pf = parseNicSysfs(
      'device=/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1\nphysfn=0\n' +
        '/sys/class/net/ens1f1/address:3C:FD:FE:00:00:02\n/sys/class/net/ens1f1/mtu:9000\n/sys/class/net/ens1f1/operstate:down\n' +
        '/sys/class/net/ens1f1/device/uevent:DRIVER=i40e\n/sys/class/net/ens1f1/device/uevent:PCI_SLOT_NAME=0000:3b:00.1\n' +
        '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/numa_node:1\n/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/local_cpulist:1,3,5-7\n' +
        '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/vendor:0x8086\n/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/device:0x1572\n' +
        '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/sriov_totalvfs:64\n/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1/sriov_numvfs:8\n',
    );
    expect(pf).toEqual({
      mac: '3c:fd:fe:00:00:02',
      mtu: 9000,
      operState: 'down',
      carrier: null,
      speedMbps: null,
      devicePath: '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1',
      numaNode: 1,
      localCpus: [1, 3, 5, 6, 7],
      vendorId: '0x8086',
      deviceId: '0x1572',
      sriovTotalVfs: 64,
      sriovNumVfs: 8,
      isVf: false,
      driver: 'i40e',
    });
  });

  it('host data is untrusted: device lines outside the resolved device, odd driver names and unknown keys are dropped', () => {
    const nic = parseNicSysfs(
      'device=/sys/devices/pci0000:00/0000:00:03.0\nphysfn=0\n' +
        // Another device's attributes (the bridge above) do not belong to this NIC.
        '/sys/devices/pci0000:00/vendor:0x8086\n/sys/devices/pci0000:00/0000:00:03.0/../numa_node:3\n' +
        '/sys/devices/pci0000:00/0000:00:03.0/vendor:0x1af4\n/sys/devices/pci0000:00/0000:00:03.0/bogus:1\n' +
        '/sys/class/net/eth0/device/uevent:DRIVER=evil driver\u001b[31m\n/sys/class/net/a/b/mtu:1\n',
    );
    expect(nic).toMatchObject({ vendorId: '0x1af4', numaNode: null, driver: null, mtu: null });
    expect(parseNicSysfs(`driver=${'x'.repeat(65)}\n`).driver).toBeNull();
    // Without a device path, no line counts as a device attribute.
    expect(parseNicSysfs('device=\n/numa_node:0\n//numa_node:0\n').numaNode).toBeNull();
  });

  it('the PCI function in a resolved device path', () => {
    expect(pciAddressFromPath('/sys/devices/pci0000:00/0000:00:03.0/virtio2')).toBe('0000:00:03.0');
    expect(pciAddressFromPath('/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.1')).toBe('0000:3b:00.1');
    expect(pciAddressFromPath('/sys/devices/virtual/net/br0')).toBeNull();
  });
});
