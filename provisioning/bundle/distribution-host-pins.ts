/**
 * A host's pinned key(s), as known_hosts lines from the project's known_hosts: what the installer already checked
 * on its own connection. A host sending to another writes them into a temporary known_hosts, so its ssh checks
 * the target's key strictly (StrictHostKeyChecking=yes) against the same pins — never trusting on first use.
 */
import { readFile } from 'node:fs/promises';
import { knownHostName } from '../ssh/known-hosts.ts';

/** Lines of a known_hosts text that pin `address:port` (not revoked, not CA lines), name field kept as ssh needs it. */
export function pinLines(knownHostsText: string, address: string, port: number): string[] {
  const name = knownHostName(address, port);
  return knownHostsText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      if (!line || line.startsWith('#') || line.startsWith('@')) return false;
      const [names, type, key] = line.split(/\s+/);
      return Boolean(type && key && /^[A-Za-z0-9+/]+={0,2}$/.test(key) && /^[a-z0-9@.-]+$/.test(type) && names?.split(',').includes(name));
    })
    .map((line) => {
      const [, type, key] = line.split(/\s+/);
      return `${name} ${type} ${key}`;
    });
}

/** The pins of one host from a known_hosts file; throws when there are none (the installer must have met the host). */
export async function pinnedKeys(knownHostsFile: string, host: string, address: string, port: number): Promise<string> {
  const text = await readFile(knownHostsFile, 'utf8').catch(() => '');
  const lines = pinLines(text, address, port);
  if (lines.length === 0) {
    throw new Error(`${host}: no pinned host key in ${knownHostsFile} for ${knownHostName(address, port)}: connect to it once (picket inventory or plan) so its key is checked and pinned`);
  }
  return `${lines.join('\n')}\n`;
}
