import { describe, expect, it } from 'vitest';
import { hostSecretName, newHostEntry } from './new-host-entry.ts';

const defaults = { user: 'root', port: 22, auth: { method: 'key' as const, identityFile: 'keys/id_ed25519' }, sudo: false };

describe('newHostEntry', () => {
  it('leaves out what defaults: already says, as a person would write the host', () => {
    const { entry, secrets } = newHostEntry(
      { name: 'sensor-1', address: '10.0.0.11', port: 22, user: 'root', roles: ['sensor'], login: { method: 'key', identityFile: 'keys/id_ed25519' } },
      defaults,
    );
    expect(entry).toEqual({ name: 'sensor-1', address: '10.0.0.11', roles: ['sensor'] });
    expect(secrets).toEqual([]);
  });

  it('names each secret after its host and purpose, and writes only the names', () => {
    const { entry, secrets } = newHostEntry(
      {
        name: 'sensor-2',
        address: '10.0.0.12',
        port: 2222,
        user: 'ops',
        roles: ['sensor'],
        sudoPassword: 'sudo-pw',
        login: { method: 'key', identityFile: '~/.ssh/id_ed25519', passphrase: 'phrase' },
        capture: [{ pci: '0000:3b:00.0', engines: ['zeek'] }],
      },
      defaults,
    );
    expect(entry).toEqual({
      name: 'sensor-2',
      address: '10.0.0.12',
      port: 2222,
      user: 'ops',
      auth: { method: 'key', identityFile: '~/.ssh/id_ed25519', passphraseSecret: 'sensor-2-passphrase' },
      sudo: true,
      sudoSecret: 'sensor-2-sudo',
      roles: ['sensor'],
      capture: [{ pci: '0000:3b:00.0', engines: ['zeek'] }],
    });
    expect(secrets.map((s) => [s.name, s.value.reveal()])).toEqual([
      ['sensor-2-passphrase', 'phrase'],
      ['sensor-2-sudo', 'sudo-pw'],
    ]);
    // The values never print.
    expect(JSON.stringify(secrets)).toBe('[{"name":"sensor-2-passphrase","value":"[redacted]"},{"name":"sensor-2-sudo","value":"[redacted]"}]');
  });

  it('refuses a capture NIC named by neither PCI nor name and MAC', () => {
    expect(() => newHostEntry({ name: 'h', address: '10.0.0.1', roles: ['sensor'], login: { method: 'agent' }, capture: [{ name: 'cap0', engines: ['zeek'] }] }, defaults)).toThrow(
      /by its PCI address, or by its name and MAC/,
    );
  });

  it('keeps a secret name a DNS label however long the host name', () => {
    const name = hostSecretName(`${'a'.repeat(55)}-bcdefgh`, 'passphrase');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
  });
});
