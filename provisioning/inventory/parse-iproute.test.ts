import { describe, expect, it } from 'vitest';
import {
  parseDefaultRouteDev,
  parseIpAddrJson,
  parseIpLinkJson,
  parseProcNetRouteDefault,
  parseRouteGetDev,
} from './parse-iproute.ts';

// Shapes as printed by iproute2 6.1 on the lab VM (trimmed to the fields that matter).
const LINKS = JSON.stringify([
  { ifindex: 1, ifname: 'lo', mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00' },
  { ifindex: 2, ifname: 'ifb0', mtu: 1500, operstate: 'DOWN', link_type: 'ether', linkinfo: { info_kind: 'ifb' } },
  { ifindex: 4, ifname: 'eth0', mtu: 1400, operstate: 'UP', link_type: 'ether', address: '02:fc:00:00:00:01', parentbus: 'virtio' },
  { ifindex: 7, link_index: 2, ifname: 'pk1m', mtu: 1500, operstate: 'UP', linkinfo: { info_kind: 'veth' } },
  { ifindex: 9, ifname: 'bad/name', mtu: 1500 },
  { ifindex: 10, mtu: 1500 },
]);

describe('parseIpLinkJson', () => {
  it('keys links by name and keeps linkinfo.info_kind', () => {
    const links = parseIpLinkJson(LINKS);
    expect([...(links?.keys() ?? [])]).toEqual(['lo', 'ifb0', 'eth0', 'pk1m']);
    expect(links?.get('pk1m')?.kind).toBe('veth');
    expect(links?.get('eth0')).toMatchObject({ kind: null, mtu: 1400, operState: 'UP', mac: '02:fc:00:00:00:01' });
    expect(links?.get('lo')?.linkType).toBe('loopback');
  });

  it('old iproute2 without -j, or broken JSON, is null', () => {
    expect(parseIpLinkJson('Option "-j" is unknown, try "ip -help".')).toBeNull();
    expect(parseIpLinkJson('[{"ifname":')).toBeNull();
    expect(parseIpLinkJson('{}')).toBeNull();
  });
});

describe('parseIpAddrJson', () => {
  it('CIDRs per interface, IPv4 and IPv6', () => {
    const addrs = parseIpAddrJson(
      JSON.stringify([
        { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }, { family: 'inet6', local: 'fd00::2', prefixlen: 64 }] },
        { ifname: 'ifb0', addr_info: [] },
        { ifname: 'x', addr_info: [{ local: '$(reboot)', prefixlen: 24 }] },
      ]),
    );
    expect(addrs?.get('eth0')).toEqual(['192.0.2.2/24', 'fd00::2/64']);
    expect(addrs?.get('ifb0')).toEqual([]);
    expect(addrs?.get('x')).toEqual([]);
  });
});

describe('routes', () => {
  it('route get: the reply device', () => {
    expect(parseRouteGetDev('192.0.2.10 dev eth0 src 192.0.2.2 uid 0 \\    cache ')).toBe('eth0');
    expect(parseRouteGetDev('local 198.18.0.1 dev lo src 198.18.0.1 uid 0 \\    cache <local> ')).toBe('lo');
    expect(parseRouteGetDev('RTNETLINK answers: Network is unreachable')).toBeNull();
  });

  it('default route device, from iproute2 or /proc/net/route', () => {
    expect(parseDefaultRouteDev('default via 192.0.2.1 dev eth0 \ndefault via fd00::1 dev eth1 metric 1024')).toBe('eth0');
    expect(parseDefaultRouteDev('')).toBeNull();
    expect(
      parseProcNetRouteDefault(
        'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
          'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n' +
          'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n',
      ),
    ).toBe('eth0');
  });
});
