import { describe, expect, it } from 'vitest';
import { cluster, host, roomyInventory } from '../testing/fixture-host.ts';
import { hostnameUnique } from './hostname-unique.ts';

describe('hostname-unique', () => {
  it('passes distinct hostnames', () => {
    expect(hostnameUnique(cluster([host('a', ['server'], roomyInventory('node-a')), host('b', ['sensor'], roomyInventory('node-b'))]))).toEqual([]);
  });

  it('fails two hosts reporting the same hostname (without case), naming both', () => {
    const input = cluster([
      host('sensor-1', ['sensor'], roomyInventory('lab-1')),
      host('server-1', ['server'], roomyInventory('other')),
      host('sensor-2', ['sensor'], roomyInventory('LAB-1')),
    ]);
    expect(hostnameUnique(input)).toEqual([
      {
        severity: 'fail',
        host: null,
        check: 'hostname-unique',
        message: 'sensor-1 and sensor-2 both report hostname "lab-1"; RKE2 names nodes by hostname and refuses a second node of the same name',
        fix: 'give every host its own name (hostnamectl set-hostname NAME on sensor-2), then run the check again',
      },
    ]);
  });

  it('names every host of a larger clash once', () => {
    const input = cluster(['a', 'b', 'c'].map((name) => host(name, ['agent'], roomyInventory('debian'))));
    expect(hostnameUnique(input).map((f) => f.message)).toEqual([
      'a, b and c all report hostname "debian"; RKE2 names nodes by hostname and refuses a second node of the same name',
    ]);
  });
});
