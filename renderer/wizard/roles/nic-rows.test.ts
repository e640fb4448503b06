import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../../provisioning/contract/project-summary.ts';
import { sampleInventory, sampleNic } from '../../test-support/sample-inventory.ts';
import { captureChoices, editFromHost, nicRows, sameEdit, toggleCapture, toggleEngine, toggleRole } from './nic-rows.ts';

const inventory = sampleInventory([
  sampleNic('eno1', { isManagement: true, pciAddress: '0000:01:00.0' }),
  sampleNic('ens1f0', { pciAddress: '0000:3b:00.0', numaNode: 1, speedMbps: 25000 }),
  sampleNic('cap0', { kind: 'veth', pciAddress: null, mac: '02:aa:00:00:01:00', driver: 'veth', numaNode: null, sriov: null, channels: null, speedMbps: null }),
  sampleNic('br0', { kind: 'virtual', pciAddress: null }),
]);

const host = (capture: HostSummary['capture'], roles: HostSummary['roles'] = ['sensor']): HostSummary => ({
  name: 'sensor-1',
  address: '10.0.0.11',
  port: 22,
  user: 'root',
  roles,
  sudo: false,
  jump: null,
  login: { method: 'agent' },
  capture,
  status: 'planned',
  problems: [],
});

describe('nicRows', () => {
  it('lists every NIC with what the table shows; the management NIC locked, a bridge not choosable', () => {
    const rows = nicRows(inventory);
    expect(rows.map((r) => [r.name, r.locked, r.lockReason])).toEqual([
      ['eno1', true, 'carries this SSH session'],
      ['ens1f0', false, null],
      ['cap0', false, null],
      ['br0', false, 'a bridge, bond or VLAN: capture on its ports'],
    ]);
    expect(rows[1]).toMatchObject({ pci: '0000:3b:00.0', numa: '1', speed: '25 Gb/s', queues: '8', sriov: '0/64 VFs', driver: 'i40e' });
    expect(rows[2]).toMatchObject({ pci: null, numa: '—', speed: '—', queues: '—', sriov: '—' });
  });
});

describe('choosing capture NICs', () => {
  it('starts from cluster.yaml, matched by the NIC discovery resolved, by PCI, or by name and MAC', () => {
    const edit = editFromHost(
      host([
        { pci: '0000:3B:00.0', name: null, mac: null, engines: ['zeek'], resolved: null },
        { pci: null, name: 'cap0', mac: '02:AA:00:00:01:00', engines: ['suricata'], resolved: null },
      ]),
      inventory,
    );
    expect(edit).toEqual({ roles: ['sensor'], capture: { ens1f0: ['zeek'], cap0: ['suricata'] } });
  });

  it('ticking a NIC makes the host a sensor with both engines; dropping sensor lets its NICs go', () => {
    let edit = toggleCapture({ roles: ['server'], capture: {} }, 'ens1f0');
    expect(edit).toEqual({ roles: ['server', 'sensor'], capture: { ens1f0: ['zeek', 'suricata'] } });
    edit = toggleEngine(edit, 'ens1f0', 'zeek');
    expect(edit.capture.ens1f0).toEqual(['suricata']);
    expect(toggleEngine(edit, 'ens1f0', 'suricata')).toBe(edit); // the last engine stays: untick the NIC instead
    expect(toggleEngine(edit, 'ens1f0', 'zeek').capture.ens1f0).toEqual(['zeek', 'suricata']);
    expect(toggleRole(edit, 'sensor')).toEqual({ roles: ['server'], capture: {} });
    expect(toggleCapture(edit, 'ens1f0').capture).toEqual({});
  });

  it('sends a physical NIC by PCI address and a virtual one by name and MAC', () => {
    const edit = { roles: ['sensor' as const], capture: { ens1f0: ['zeek' as const], cap0: ['suricata' as const] } };
    expect(captureChoices(edit, inventory)).toEqual([
      { pci: '0000:3b:00.0', engines: ['zeek'] },
      { name: 'cap0', mac: '02:aa:00:00:01:00', engines: ['suricata'] },
    ]);
  });

  it('compares edits as sets', () => {
    expect(sameEdit({ roles: ['sensor', 'data'], capture: { a: ['zeek', 'suricata'] } }, { roles: ['data', 'sensor'], capture: { a: ['suricata', 'zeek'] } })).toBe(true);
    expect(sameEdit({ roles: ['sensor'], capture: { a: ['zeek'] } }, { roles: ['sensor'], capture: {} })).toBe(false);
  });
});
