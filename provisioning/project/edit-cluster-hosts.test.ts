import { describe, expect, it } from 'vitest';
import { clusterTemplate } from './cluster-template.ts';
import { addHost, HostEditError, removeHost, setHostRoles, type HostEntry } from './edit-cluster-hosts.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';

const template = clusterTemplate({ name: 'kit', mode: 'cluster' });
const server: HostEntry = { name: 'server-1', address: '10.0.0.10', roles: ['server', 'data'] };
const sensor: HostEntry = { name: 'sensor-1', address: '10.0.0.11', user: 'ops', sudo: true, auth: { method: 'password', secret: 'sensor-1-login' }, roles: ['sensor'] };

function draft(text: string) {
  return loadClusterSpec(text, 'cluster.yaml', { draft: true });
}

describe('addHost', () => {
  it('turns the template’s empty hosts: [] into a list, keeping every comment but the stale "no hosts yet" note', () => {
    const text = addHost(addHost(template, server), sensor);
    const loaded = draft(text);
    expect(loaded.ok && loaded.spec.hosts.map((h) => h.name)).toEqual(['server-1', 'sensor-1']);
    expect(loaded.ok && loaded.spec.hosts[1]).toEqual({ ...sensor });
    // A sensor without capture NICs is what the wizard fills in after discovery.
    expect(loaded.ok && loaded.incomplete.map((e) => e.path)).toEqual(['hosts[1].capture']);
    for (const comment of ['# Picket cluster spec: the hosts to install', '# What every host uses unless it says otherwise.', '# --- example: remove', '# A failing preflight check may be waived']) {
      expect(text).toContain(comment);
    }
    expect(text).not.toContain('No hosts yet');
    expect(text).toContain('    roles: [server, data]\n');
    expect(text).toContain('    auth: {method: password, secret: sensor-1-login}\n');
  });

  it('puts comment lines back above the key they were written over, not inside the map before it', () => {
    const text = addHost('mode: cluster\ndefaults:\n  user: root\n\n# the site\'s hosts\nhosts: []\n', server);
    expect(text).toMatch(/\n# the site's hosts\nhosts:\n {2}- name: server-1\n/);
  });

  it('writes capture NICs as the template does, PCI and MAC addresses quoted', () => {
    const text = addHost(addHost(template, server), { ...sensor, capture: [{ pci: '0000:3b:00.0', engines: ['zeek', 'suricata'] }, { name: 'cap0', mac: '02:aa:00:00:01:00', engines: ['suricata'] }] });
    expect(text).toContain('      - pci: "0000:3b:00.0"\n        role: passive\n        engines: [zeek, suricata]\n');
    expect(text).toContain('      - name: cap0\n        mac: "02:aa:00:00:01:00"\n');
    expect(draft(text)).toMatchObject({ ok: true, incomplete: [] });
  });

  it('refuses a name already taken', () => {
    expect(() => addHost(addHost(template, server), { ...server, address: '10.0.0.99' })).toThrow(HostEditError);
  });
});

describe('removeHost', () => {
  const two = addHost(addHost(template, server), sensor);

  it('removes the host and the waivers that name it', () => {
    const waived = `${two}preflight:\n  waive:\n    - { check: clock-skew, host: sensor-1, reason: "GPS clock tomorrow" }\n    - { check: clock-skew, reason: "all of them" }\n`;
    const text = removeHost(waived, 'sensor-1');
    const loaded = draft(text);
    expect(loaded.ok && loaded.spec.hosts.map((h) => h.name)).toEqual(['server-1']);
    expect(loaded.ok && loaded.spec.preflight?.waive).toEqual([{ check: 'clock-skew', reason: 'all of them' }]);
  });

  it('refuses an unknown host, and a host others jump through', () => {
    expect(() => removeHost(two, 'sensor-9')).toThrow(/sensor-9 is not a host/);
    const jumping = addHost(two, { name: 'sensor-2', address: '10.0.0.12', jump: 'server-1', roles: ['sensor'] });
    expect(() => removeHost(jumping, 'server-1')).toThrow(/sensor-2 reaches the other hosts through server-1/);
  });
});

describe('setHostRoles', () => {
  const two = addHost(addHost(template, server), sensor);

  it('sets roles and capture NICs; the draft is then complete', () => {
    const text = setHostRoles(two, 'sensor-1', ['sensor'], [{ name: 'cap0', mac: '02:aa:00:00:01:00', engines: ['zeek', 'suricata'] }]);
    expect(draft(text)).toMatchObject({ ok: true, incomplete: [] });
    expect(loadClusterSpec(text, 'cluster.yaml').ok).toBe(true);
  });

  it('keeps a NIC’s own entry (its workers and comments), setting only its engines; an empty list removes capture:', () => {
    const withWorkers = setHostRoles(two, 'sensor-1', ['sensor'], [{ pci: '0000:3b:00.0', engines: ['zeek'] }]).replace(
      '        engines: [zeek]\n',
      '        engines: [zeek] # tap on the core switch\n        workers: { zeek: 4 }\n',
    );
    const text = setHostRoles(withWorkers, 'sensor-1', ['sensor'], [{ pci: '0000:3B:00.0', engines: ['zeek'] }, { pci: '0000:3b:00.1', engines: ['suricata'] }]);
    expect(text).toContain('engines: [zeek] # tap on the core switch\n        workers: {zeek: 4}\n');
    expect(text).toContain('      - pci: "0000:3b:00.1"\n');
    const cleared = setHostRoles(text, 'sensor-1', ['agent'], []);
    expect(cleared).not.toMatch(/^ {4}capture:/m);
    expect(draft(cleared)).toMatchObject({ ok: true, incomplete: [{ path: 'hosts', message: expect.stringMatching(/^cluster mode needs a sensor/) }] });
  });
});
