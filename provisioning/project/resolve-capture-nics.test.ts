import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostInventory } from '../inventory/host-inventory.ts';
import { parseProbeOutput } from '../inventory/parse-probe-output.ts';
import type { CaptureNicSpec, HostSpec } from './cluster-spec.ts';
import { resolveCaptureNics } from './resolve-capture-nics.ts';

const fixture = (file: string) => readFileSync(new URL(`../../test/fixtures/probe/${file}`, import.meta.url), 'utf8');
/** A real probe: eth0 (virtio, 0000:00:03.0) carries the SSH session; pkl*c* are veths; 2 physical cores. */
const INVENTORY: HostInventory = parseProbeOutput(fixture('this-machine.txt'), fixture('this-machine.marker').trim());

function sensor(...capture: CaptureNicSpec[]): HostSpec {
  return { name: 'sensor-1', address: '10.0.0.11', roles: ['sensor'], capture };
}

const nic = (name: string) => INVENTORY.nics.find((n) => n.name === name)!;
const byName = (name: string, mac = nic(name).mac): CaptureNicSpec => ({ name, mac, role: 'passive', engines: ['suricata'] });

describe('resolveCaptureNics against a real inventory', () => {
  it('the fixture is what these cases assume', () => {
    expect(INVENTORY.cpu.cores).toBe(2);
    expect(nic('eth0')).toMatchObject({ pciAddress: '0000:00:03.0', isManagement: true });
    expect(nic('pkl1c0')).toMatchObject({ mac: 'b2:20:3a:2f:f3:60', pciAddress: null, isManagement: false });
  });

  it('resolves a virtual NIC by name + MAC, with workers that fit', () => {
    const spec: CaptureNicSpec = { name: 'pkl1c0', mac: 'b2:20:3a:2f:f3:60', role: 'passive', engines: ['zeek'], workers: { zeek: 1 } };
    const result = resolveCaptureNics(sensor(spec, byName('pkl2c1')), INVENTORY);
    expect(result.errors).toEqual([]);
    expect(result.nics.map((r) => [r.spec, r.nic.name])).toEqual([[spec, 'pkl1c0'], [byName('pkl2c1'), 'pkl2c1']]);
  });

  it('no NIC with that PCI address: lists the host’s NICs', () => {
    const result = resolveCaptureNics(sensor({ pci: '0000:3b:00.0', role: 'passive', engines: ['zeek'] }), INVENTORY);
    expect(result.nics).toEqual([]);
    expect(result.errors).toEqual([
      {
        path: 'capture[0].pci',
        message:
          'no NIC with PCI address 0000:3b:00.0 on sensor-1 (its NICs: eth0 0000:00:03.0 virtio_net, ifb0 no-pci ifb, ifb1 no-pci ifb, ' +
          'pkl1c0 no-pci veth, pkl1c1 no-pci veth, pkl1m no-pci veth, pkl2c0 no-pci veth, pkl2c1 no-pci veth, pkl2m no-pci veth, ' +
          'pkl3c0 no-pci veth, pkl3c1 no-pci veth, pkl3m no-pci veth, pkl4c0 no-pci veth, pkl4c1 no-pci veth, pkl4m no-pci veth): pick one of these',
      },
    ]);
  });

  it('the management NIC is never a capture NIC', () => {
    const result = resolveCaptureNics(sensor({ pci: '0000:00:03.0', role: 'passive', engines: ['zeek'] }), INVENTORY);
    expect(result).toEqual({
      nics: [],
      errors: [{ path: 'capture[0]', message: 'eth0 carries the SSH session (management NIC): it is never used for capture — pick another port' }],
    });
  });

  it('more workers than cores left after housekeeping', () => {
    const spec: CaptureNicSpec = { ...byName('pkl1c0'), engines: ['zeek', 'suricata'], workers: { zeek: 1, suricata: 1 } };
    expect(resolveCaptureNics(sensor(spec), INVENTORY).errors).toEqual([
      {
        path: 'capture',
        message:
          'more workers (2) than cores available (1): sensor-1 has 2 physical cores and keeps 1 for housekeeping — lower workers, ' +
          'or leave them out and the tuning planner sizes them',
      },
    ]);
  });

  it('a name whose MAC differs: the name may now belong to another port', () => {
    const result = resolveCaptureNics(sensor(byName('pkl1c0', nic('pkl1c1').mac)), INVENTORY);
    expect(result.errors).toEqual([
      {
        path: 'capture[0].mac',
        message:
          'pkl1c0 on sensor-1 has MAC b2:20:3a:2f:f3:60, not 62:02:80:1f:1d:7b (62:02:80:1f:1d:7b is now pkl1c1): the name may now belong ' +
          'to another port — check picket inventory and update name and mac together',
      },
    ]);
  });

  it('an unknown name whose MAC is found under another name', () => {
    const result = resolveCaptureNics(sensor(byName('cap0', nic('pkl1c0').mac)), INVENTORY);
    expect(result.errors).toEqual([
      {
        path: 'capture[0].name',
        message: 'no NIC named cap0 on sensor-1: the NIC with MAC b2:20:3a:2f:f3:60 is now named pkl1c0 — check it is the port you mean and update name',
      },
    ]);
  });

  it('the same NIC chosen twice (once by PCI address, once by name)', () => {
    const inventory: HostInventory = { ...INVENTORY, nics: INVENTORY.nics.map((n) => (n.name === 'pkl1c0' ? { ...n, pciAddress: '0000:5e:00.0' } : n)) };
    const result = resolveCaptureNics(sensor({ pci: '0000:5e:00.0', role: 'passive', engines: ['zeek'] }, byName('pkl1c0')), inventory);
    expect(result.nics.map((r) => r.nic.name)).toEqual(['pkl1c0']);
    expect(result.errors).toEqual([{ path: 'capture[1]', message: 'pkl1c0 is already capture[0]: list each NIC once (one NIC can feed several engines)' }]);
  });
});
