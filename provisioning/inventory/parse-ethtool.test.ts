import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseEthtoolChannels,
  parseEthtoolDriverInfo,
  parseEthtoolFeatures,
  parseEthtoolRings,
} from './parse-ethtool.ts';

const nicFixture = (model: string, file: string) =>
  readFileSync(new URL(`../../test/fixtures/nics/${model}/${file}`, import.meta.url), 'utf8');

describe('ethtool -i', () => {
  it('Intel X710 (i40e)', () => {
    const info = parseEthtoolDriverInfo(nicFixture('intel-x710-i40e', 'ethtool-i.txt'));
    expect(info).toMatchObject({
      driver: 'i40e',
      version: '2.9.21',
      firmwareVersion: '7.00 0x80004cda 1.2154.0',
      expansionRomVersion: null,
      busInfo: '0000:02:00.0',
      supportsPrivFlags: true,
    });
  });

  it('Intel 82599 (ixgbe)', () => {
    const info = parseEthtoolDriverInfo(nicFixture('intel-82599-ixgbe', 'ethtool-i.txt'));
    expect(info).toMatchObject({ driver: 'ixgbe', version: '5.6.5', firmwareVersion: '0x800003df', busInfo: '0000:06:00.0' });
  });

  it('Intel E810 (ice)', () => {
    const info = parseEthtoolDriverInfo(nicFixture('intel-e810-ice', 'ethtool-i.txt'));
    expect(info).toMatchObject({ driver: 'ice', firmwareVersion: '2.50 0x800077a8 1.2960.0', busInfo: '0000:03:00.0' });
  });

  it('Mellanox ConnectX-5 Ex (mlx5_core): firmware 16.x, trailing space in an empty field', () => {
    const info = parseEthtoolDriverInfo(nicFixture('mellanox-cx5-mlx5', 'ethtool-i.txt'));
    expect(info).toMatchObject({
      driver: 'mlx5_core',
      firmwareVersion: '16.23.1020 (MT_0000000009)',
      expansionRomVersion: null,
      busInfo: '0000:03:00.0',
      supportsEepromAccess: false,
      supportsRegisterDump: false,
    });
  });

  it('virtio_net and veth (captured on the lab VM)', () => {
    expect(parseEthtoolDriverInfo(nicFixture('virtio-net', 'ethtool-i.txt'))).toMatchObject({
      driver: 'virtio_net',
      version: '1.0.0',
      firmwareVersion: null,
      busInfo: '0000:00:03.0',
      supportsTest: false,
    });
    expect(parseEthtoolDriverInfo(nicFixture('veth', 'ethtool-i.txt'))).toMatchObject({
      driver: 'veth',
      version: '1.0',
      busInfo: null,
    });
  });

  it('an error message is null', () => {
    expect(parseEthtoolDriverInfo('Cannot get driver information: No such device\n')).toBeNull();
    expect(parseEthtoolDriverInfo('')).toBeNull();
  });
});

describe('ethtool -l', () => {
  it('X710: max combined 64, current 8, one "other" (admin) queue', () => {
    expect(parseEthtoolChannels(nicFixture('intel-x710-i40e', 'ethtool-l.txt'))).toEqual({
      max: { rx: 0, tx: 0, other: 1, combined: 64 },
      current: { rx: 0, tx: 0, other: 1, combined: 8 },
    });
  });

  it('ixgbe with netlink-era n/a values (tabs)', () => {
    expect(parseEthtoolChannels(nicFixture('intel-82599-ixgbe', 'ethtool-l.txt'))).toEqual({
      max: { rx: null, tx: null, other: 1, combined: 12 },
      current: { rx: null, tx: null, other: 1, combined: 12 },
    });
  });

  it('E810 (whitespace collapsed by the mailing list)', () => {
    expect(parseEthtoolChannels(nicFixture('intel-e810-ice', 'ethtool-l.txt'))).toEqual({
      max: { rx: 16, tx: 16, other: 1, combined: 16 },
      current: { rx: 0, tx: 0, other: 1, combined: 4 },
    });
  });

  it('virtio_net single queue and veth split rx/tx channels', () => {
    expect(parseEthtoolChannels(nicFixture('virtio-net', 'ethtool-l.txt'))?.max.combined).toBe(1);
    expect(parseEthtoolChannels(nicFixture('veth', 'ethtool-l.txt'))).toEqual({
      max: { rx: 2, tx: 2, other: null, combined: null },
      current: { rx: 1, tx: 1, other: null, combined: null },
    });
  });

  it('unsupported operation is null', () => {
    expect(parseEthtoolChannels('netlink error: Operation not supported\n')).toBeNull();
    expect(parseEthtoolChannels('Channel parameters for eno1:\nCannot get device channel parameters\n: Operation not supported\n')).toBeNull();
  });
});

describe('ethtool -g', () => {
  it('ixgbe: max 4096, current 512; RX Mini/Jumbo ignored', () => {
    expect(parseEthtoolRings(nicFixture('intel-82599-ixgbe', 'ethtool-g.txt'))).toEqual({
      max: { rx: 4096, tx: 4096 },
      current: { rx: 512, tx: 512 },
    });
  });

  it('E810: max 8160', () => {
    expect(parseEthtoolRings(nicFixture('intel-e810-ice', 'ethtool-g.txt'))).toEqual({
      max: { rx: 8160, tx: 8160 },
      current: { rx: 4096, tx: 4096 },
    });
  });

  it('virtio_net with the newer lines (RX Buf Len, TX Push, TCP data split)', () => {
    expect(parseEthtoolRings(nicFixture('virtio-net', 'ethtool-g.txt'))).toEqual({
      max: { rx: 256, tx: 256 },
      current: { rx: 256, tx: 256 },
    });
  });

  it('veth rejects -g: null', () => {
    const text = nicFixture('veth', 'ethtool-g.txt');
    expect(text).toContain('netlink error: Operation not supported');
    expect(parseEthtoolRings(text)).toBeNull();
  });
});

describe('ethtool -k', () => {
  it('X710 after capture tuning (CRLF, tab-indented sub-features)', () => {
    const features = parseEthtoolFeatures(nicFixture('intel-x710-i40e', 'ethtool-k.txt'));
    expect(features?.['large-receive-offload']).toEqual({ enabled: false, fixed: true });
    expect(features?.['generic-receive-offload']).toEqual({ enabled: false, fixed: false });
    expect(features?.['rx-vlan-filter']).toEqual({ enabled: true, fixed: false });
    expect(features?.['tx-checksum-ip-generic']).toEqual({ enabled: false, fixed: true });
    expect(features?.['tx-udp_tnl-segmentation']).toEqual({ enabled: true, fixed: false });
    expect(Object.keys(features ?? {})).toHaveLength(44);
  });

  it('virtio_net and veth', () => {
    const virtio = parseEthtoolFeatures(nicFixture('virtio-net', 'ethtool-k.txt'));
    expect(virtio?.['rx-checksumming']).toEqual({ enabled: true, fixed: true });
    expect(virtio?.['generic-receive-offload']).toEqual({ enabled: true, fixed: false });
    const veth = parseEthtoolFeatures(nicFixture('veth', 'ethtool-k.txt'));
    expect(veth?.['large-receive-offload']).toBeDefined();
  });

  it('[requested on] is still off and not fixed', () => {
    const features = parseEthtoolFeatures('Features for bond0:\ngeneric-segmentation-offload: off [requested on]\nhighdma: on [fixed]\n');
    expect(features).toEqual({
      'generic-segmentation-offload': { enabled: false, fixed: false },
      highdma: { enabled: true, fixed: true },
    });
  });

  it('errors and prototype keys yield nothing', () => {
    expect(parseEthtoolFeatures('Cannot get device feature names: Operation not supported')).toBeNull();
    expect(parseEthtoolFeatures('__proto__: on\n')).toBeNull();
  });
});
