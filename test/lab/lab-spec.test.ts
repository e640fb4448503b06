import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostInventory } from '../../provisioning/inventory/host-inventory.ts';
import { parseProbeOutput } from '../../provisioning/inventory/parse-probe-output.ts';
import { loadClusterSpec } from '../../provisioning/project/load-cluster-spec.ts';
import { labClusterSpec, labClusterYaml } from './lab-spec.ts';
import type { LabHost } from './lab.ts';

const fixture = (file: string) => readFileSync(new URL(`../fixtures/probe/${file}`, import.meta.url), 'utf8');
const probed = parseProbeOutput(fixture('this-machine.txt'), fixture('this-machine.marker').trim());
/** The fixture's veths pkl1c0/pkl1c1 stand in for a lab host's cap0/cap1. */
const INVENTORY: HostInventory = { ...probed, nics: probed.nics.map((n) => ({ ...n, name: n.name.replace(/^pkl1c/, 'cap') })) };

function labHost(index: number): LabHost {
  return {
    name: `lab-${index}`, address: `198.18.0.${index * 4 + 2}`, port: 22, user: 'root', identityFile: '/srv/lab/keys/id_ed25519',
    sudoUser: 'fieldops', sudoPassword: 'x', noSudoUser: 'guest', noSudoPassword: 'y', passphraseIdentityFile: '/k2', identityPassphrase: 'z',
    managementNic: 'mgmt0', captureNics: ['cap0', 'cap1'], capturePeers: [], installerAddress: '', machine: `picket-lab-${index}`,
  };
}

describe('the lab as a cluster spec', () => {
  it('first host server + data, the others sensors on cap0 and cap1 by name + MAC; valid once written as YAML', () => {
    const spec = labClusterSpec([1, 2, 3].map((i) => ({ host: labHost(i), inventory: INVENTORY })));
    const loaded = loadClusterSpec(labClusterYaml(spec), 'cluster.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    expect(loaded.spec).toEqual(spec);
    expect(spec.mode).toBe('cluster');
    expect(spec.defaults?.auth).toEqual({ method: 'key', identityFile: '/srv/lab/keys/id_ed25519' });
    expect(spec.hosts.map((h) => [h.name, h.roles])).toEqual([['lab-1', ['server', 'data']], ['lab-2', ['sensor']], ['lab-3', ['sensor']]]);
    expect(spec.hosts[1]!.capture).toEqual([
      { name: 'cap0', mac: 'b2:20:3a:2f:f3:60', role: 'passive', engines: ['zeek', 'suricata'] },
      { name: 'cap1', mac: '62:02:80:1f:1d:7b', role: 'passive', engines: ['suricata'] },
    ]);
  });

  it('writes short lists on one line and quotes MACs, with no YAML anchors', () => {
    const text = labClusterYaml(labClusterSpec([1, 2, 3].map((i) => ({ host: labHost(i), inventory: INVENTORY }))));
    expect(text).toContain('    roles: [sensor]\n');
    expect(text).toContain('        mac: "b2:20:3a:2f:f3:60"\n');
    expect(text).toContain('        engines: [zeek, suricata]\n');
    expect(text).not.toMatch(/[&*]a\d/);
  });

  it('a single host does everything (standalone)', () => {
    const spec = labClusterSpec([{ host: labHost(1), inventory: INVENTORY }]);
    expect(spec.mode).toBe('standalone');
    expect(spec.hosts[0]!.roles).toEqual(['server', 'sensor', 'data']);
    expect(loadClusterSpec(labClusterYaml(spec), 'cluster.yaml').ok).toBe(true);
  });

  it('a host without cap0 is not a lab host', () => {
    expect(() => labClusterSpec([1, 2].map((i) => ({ host: labHost(i), inventory: probed })))).toThrow(/^lab-2 has no NIC cap0 \(its NICs: eth0, /);
  });
});
