import { describe, expect, it } from 'vitest';
import { isDnsName, isIpv4, isIpv6, parseHostLines } from './parse-host-lines.ts';

describe('parseHostLines', () => {
  it('reads user@host[:port], with or without a name, skipping blanks and comments', () => {
    const parsed = parseHostLines(['# the rack', 'root@10.0.0.10', '', 'sensor-1 ops@10.0.0.11:2222', 'sensor-2.site.example', 'root@[2001:db8::5]:22', 'fe80::1  # bare IPv6'].join('\n'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.hosts).toEqual([
      { line: 2, name: 'host-1', user: 'root', address: '10.0.0.10', port: null },
      { line: 4, name: 'sensor-1', user: 'ops', address: '10.0.0.11', port: 2222 },
      { line: 5, name: 'sensor-2', user: null, address: 'sensor-2.site.example', port: null },
      { line: 6, name: 'host-2', user: 'root', address: '2001:db8::5', port: 22 },
      { line: 7, name: 'host-3', user: null, address: 'fe80::1', port: null },
    ]);
  });

  it('says what is wrong with each bad line, by its number, and keeps the good ones', () => {
    const parsed = parseHostLines(['root@10.0.0.300', 'ops@10.0.0.1:99999', 'Sensor_1 root@10.0.0.2', 'a b c', 'r@[2001:db8::1', '-bad@10.0.0.3', 'root@10.0.0.4'].join('\n'));
    expect(parsed.errors.map((e) => [e.line, e.message])).toEqual([
      [1, '"10.0.0.300" is not an IP address or DNS name'],
      [2, '"99999" is not a TCP port (1-65535)'],
      [3, '"Sensor_1" is not a host name: use lowercase letters, digits and "-"'],
      [4, 'expected user@host[:port], optionally after a name'],
      [5, 'an IPv6 address opened with [ needs its closing ]'],
      [6, '"-bad" is not a login name'],
    ]);
    expect(parsed.hosts.map((h) => h.address)).toEqual(['10.0.0.4']);
  });

  it('refuses names and addresses already taken (in the project, or earlier lines), and names around them', () => {
    const parsed = parseHostLines('root@10.0.0.1\nroot@10.0.0.2\nroot@10.0.0.1\nhost-1 root@10.0.0.3\nroot@10.0.0.9:2222', ['host-1'], ['10.0.0.9:2222']);
    expect(parsed.hosts.map((h) => [h.name, h.address])).toEqual([
      ['host-2', '10.0.0.1'],
      ['host-3', '10.0.0.2'],
    ]);
    expect(parsed.errors.map((e) => e.message)).toEqual(['10.0.0.1 is listed already', 'host-1 is taken: name this host otherwise', '10.0.0.9 is listed already']);
  });

  it('knows addresses from names', () => {
    expect([isIpv4('10.0.0.1'), isIpv4('10.0.0.256'), isIpv6('2001:db8::1'), isIpv6('10.0.0.1'), isDnsName('sensor-1.example'), isDnsName('10.0.0.1')]).toEqual([
      true, false, true, false, true, false,
    ]);
  });
});
