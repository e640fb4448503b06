import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleNic, type NicEvidence } from './assemble-nic.ts';
import { parseNicSysfs } from './parse-nic-sysfs.ts';

function fromFixture(model: string, name: string): NicEvidence {
  const read = (file: string) => {
    const url = new URL(`../../test/fixtures/nics/${model}/${file}`, import.meta.url);
    return existsSync(url) ? readFileSync(url, 'utf8') : null;
  };
  const sysfs = read('sysfs.txt');
  return {
    name,
    sysfs: sysfs === null ? null : parseNicSysfs(sysfs),
    ethtoolI: read('ethtool-i.txt'),
    ethtoolL: read('ethtool-l.txt'),
    ethtoolG: read('ethtool-g.txt'),
    ethtoolK: read('ethtool-k.txt'),
    ipLink: null,
    addresses: [],
    isManagement: false,
  };
}

describe('assembleNic from the NIC fixtures', () => {
  it('Intel X710 (i40e)', () => {
    const nic = assembleNic(fromFixture('intel-x710-i40e', 'enp2s0f0'));
    expect(nic).toMatchObject({
      kind: 'physical',
      driver: 'i40e',
      driverVersion: '2.9.21',
      firmwareVersion: '7.00 0x80004cda 1.2154.0',
      pciAddress: '0000:02:00.0',
      vendorId: '0x8086',
      deviceId: '0x1572',
      rings: null,
      isVf: false,
    });
    expect(nic.channels?.max.combined).toBe(64);
    expect(nic.channels?.current.combined).toBe(8);
    expect(nic.offloads?.['large-receive-offload']).toEqual({ enabled: false, fixed: true });
  });

  it('Intel 82599 (ixgbe)', () => {
    const nic = assembleNic(fromFixture('intel-82599-ixgbe', 'ten1'));
    expect(nic).toMatchObject({ kind: 'physical', driver: 'ixgbe', pciAddress: '0000:06:00.0', deviceId: '0x10fb', offloads: null });
    expect(nic.rings).toEqual({ max: { rx: 4096, tx: 4096 }, current: { rx: 512, tx: 512 } });
  });

  it('Intel E810 (ice)', () => {
    const nic = assembleNic(fromFixture('intel-e810-ice', 'ice0'));
    expect(nic).toMatchObject({ kind: 'physical', driver: 'ice', pciAddress: '0000:03:00.0', deviceId: '0x159b' });
    expect(nic.channels?.current.combined).toBe(4);
    expect(nic.rings?.max.rx).toBe(8160);
  });

  it('Mellanox ConnectX-5 Ex (mlx5_core)', () => {
    const nic = assembleNic(fromFixture('mellanox-cx5-mlx5', 'mlx5p1'));
    expect(nic).toMatchObject({
      kind: 'physical',
      driver: 'mlx5_core',
      firmwareVersion: '16.23.1020 (MT_0000000009)',
      pciAddress: '0000:03:00.0',
      vendorId: '0x15b3',
      deviceId: '0x1019',
      channels: null,
    });
  });

  it('virtio_net: physical (device-backed), PCI address from the parent function', () => {
    const nic = assembleNic(fromFixture('virtio-net', 'eth0'));
    expect(nic).toMatchObject({
      kind: 'physical',
      driver: 'virtio_net',
      pciAddress: '0000:00:03.0',
      numaNode: null,
      localCpus: [0, 1],
      link: 'up',
      mtu: 1400,
      speedMbps: null,
    });
    expect(nic.rings?.max.rx).toBe(256);
  });

  it('veth: kind veth from the ethtool driver, rings null', () => {
    const nic = assembleNic(fromFixture('veth', 'pkfx0'));
    expect(nic).toMatchObject({ kind: 'veth', driver: 'veth', pciAddress: null, rings: null, vendorId: null, link: 'up' });
    expect(nic.channels?.max.rx).toBe(2);
  });

  it('iproute2 decides the kind of virtual links; a VF is a VF', () => {
    const base = fromFixture('veth', 'br0');
    const bridge = assembleNic({
      ...base,
      ethtoolI: 'driver: bridge\nversion: 2.3\nbus-info: N/A\n',
      ipLink: { name: 'br0', mtu: 1500, operState: 'UP', mac: null, linkType: 'ether', kind: 'bridge', master: null, lower: null },
    });
    expect(bridge.kind).toBe('virtual');
    const vf = assembleNic({ ...base, sysfs: { ...(base.sysfs ?? parseNicSysfs('')), isVf: true, driver: 'iavf' } });
    expect(vf).toMatchObject({ kind: 'vf', isVf: true, driver: 'iavf' });
  });
});
