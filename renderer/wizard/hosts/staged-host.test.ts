import { describe, expect, it } from 'vitest';
import { hostsFromClusterYaml } from './hosts-from-cluster-yaml.ts';
import { newHostPayload } from './new-host-payload.ts';
import { defaultRoles, type StagedHost } from './staged-host.ts';

const row: StagedHost = { key: 'k', name: 'sensor-1', address: '10.0.0.11', port: null, user: 'ops', sudo: true, roles: ['sensor'], login: { method: 'password' } };

describe('defaultRoles', () => {
  it('keeps the project a valid draft as hosts arrive: one server first in cluster mode, sensors after', () => {
    expect(defaultRoles('cluster', false)).toEqual(['server', 'data']);
    expect(defaultRoles('cluster', true)).toEqual(['sensor']);
    expect(defaultRoles('standalone', false)).toEqual(['server', 'sensor', 'data']);
    expect(defaultRoles('external', false)).toEqual(['sensor']);
  });
});

describe('newHostPayload', () => {
  it('puts the batch’s password in the request of a password row, and nothing else of the batch', () => {
    expect(newHostPayload(row, { password: 'pw', passphrase: 'unused' })).toEqual({
      ok: true,
      host: { name: 'sensor-1', address: '10.0.0.11', user: 'ops', sudo: true, roles: ['sensor'], login: { method: 'password', password: 'pw' } },
    });
    expect(newHostPayload({ ...row, port: 2222, sudo: false, login: { method: 'key', identityFile: ' keys/id ' } }, { password: 'pw', passphrase: '' })).toEqual({
      ok: true,
      host: { name: 'sensor-1', address: '10.0.0.11', port: 2222, user: 'ops', roles: ['sensor'], login: { method: 'key', identityFile: 'keys/id' } },
    });
  });

  it('says what is missing before anything is sent', () => {
    expect(newHostPayload(row, { password: '', passphrase: '' })).toEqual({ ok: false, message: 'type the password first' });
    expect(newHostPayload({ ...row, login: { method: 'key', identityFile: '' } }, { password: '', passphrase: '' })).toEqual({ ok: false, message: 'give the private key file' });
  });
});

describe('hostsFromClusterYaml', () => {
  it('stages another file’s hosts with its defaults applied; passwords are not in it, so they are asked for', () => {
    const imported = hostsFromClusterYaml(`
defaults:
  user: ops
  auth: { method: key, identityFile: keys/id_ed25519 }
hosts:
  - name: server-1
    address: 10.0.0.10
    roles: [server, data]
  - name: sensor-1
    address: 10.0.0.11
    port: 2222
    auth: { method: password, secret: sensor-1-login }
    roles: [sensor, bogus]
    capture:
      - { pci: "0000:3b:00.0", role: passive, engines: [zeek, suricata] }
  - name: sensor-2
    address: 10.0.0.12
    jump: server-1
    roles: [sensor]
  - address: 10.0.0.13
`);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.hosts.map(({ key: _key, ...h }) => h)).toEqual([
      { name: 'server-1', address: '10.0.0.10', port: null, user: 'ops', sudo: true, roles: ['server', 'data'], login: { method: 'key', identityFile: 'keys/id_ed25519' } },
      {
        name: 'sensor-1',
        address: '10.0.0.11',
        port: 2222,
        user: 'ops',
        sudo: true,
        roles: ['sensor'],
        login: { method: 'password' },
        capture: [{ pci: '0000:3b:00.0', engines: ['zeek', 'suricata'] }],
      },
    ]);
    expect(imported.skipped).toEqual(['sensor-2: reached through a jump host (add it by hand)', 'hosts[3]: no name or address']);
  });

  it('says why a file is not one to import', () => {
    expect(hostsFromClusterYaml('a: [')).toMatchObject({ ok: false, message: expect.stringMatching(/^not YAML/) });
    expect(hostsFromClusterYaml('name: kit')).toEqual({ ok: false, message: 'no hosts: list in this file (is it a Picket cluster.yaml?)' });
  });
});
