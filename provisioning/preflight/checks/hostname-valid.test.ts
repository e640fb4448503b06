import { describe, expect, it } from 'vitest';
import { cluster, host, roomyInventory } from '../testing/fixture-host.ts';
import { hostnameValid } from './hostname-valid.ts';

const check = (hostname: string) => hostnameValid(cluster([host('h1', ['agent'], roomyInventory(hostname))]));

describe('hostname-valid', () => {
  it('passes names the kubelet accepts (it lowercases them first)', () => {
    for (const name of ['vm', 'Sensor-01', 'sensor-1.site.example']) expect(check(name)).toEqual([]);
  });

  it('fails localhost, an empty name and names that are not DNS-1123 subdomains', () => {
    expect(check('localhost')).toEqual([
      { severity: 'fail', host: 'h1', check: 'hostname-valid', message: 'h1 is still called "localhost"', fix: 'give h1 a unique name of its own (hostnamectl set-hostname NAME)' },
    ]);
    expect(check('')[0]?.message).toBe('h1 reports no hostname');
    expect(check('sensor_1')[0]?.message).toBe(
      'h1 reports hostname "sensor_1", which is not a valid Kubernetes node name (letters, digits, \'-\' and \'.\', starting and ending with a letter or digit)',
    );
    expect(check('-edge')).toHaveLength(1);
  });
});
