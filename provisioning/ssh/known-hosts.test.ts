import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostKeyType, sha256Fingerprint } from './host-key.ts';
import { KnownHosts, knownHostName } from './known-hosts.ts';

/** An SSH wire-format key blob: string "ssh-ed25519" then a 32-byte key. */
function blob(type: string, fill: number): Buffer {
  const name = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  const keyLen = Buffer.alloc(4);
  keyLen.writeUInt32BE(32);
  return Buffer.concat([len, name, keyLen, Buffer.alloc(32, fill)]);
}

describe('KnownHosts', () => {
  it('pins a key in OpenSSH format with a private file mode, then matches it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kh-')), 'sub', 'known_hosts');
    const kh = new KnownHosts(file);
    const key = blob('ssh-ed25519', 1);
    expect(await kh.check('10.0.0.1', 22, key)).toEqual({ status: 'unknown' });
    await kh.add('10.0.0.1', 22, key);
    await kh.add('10.0.0.1', 2222, blob('ssh-ed25519', 2));
    expect(await readFile(file, 'utf8')).toBe(
      `10.0.0.1 ssh-ed25519 ${key.toString('base64')}\n[10.0.0.1]:2222 ssh-ed25519 ${blob('ssh-ed25519', 2).toString('base64')}\n`,
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await kh.check('10.0.0.1', 22, key)).toEqual({ status: 'match' });
    expect(await kh.check('10.0.0.1', 2222, blob('ssh-ed25519', 2))).toEqual({ status: 'match' });
  });

  it('reports a different key, even of another algorithm, as a mismatch with the pinned fingerprints', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kh-')), 'known_hosts');
    const pinned = blob('ssh-ed25519', 1);
    await writeFile(file, `# comment\n\n10.0.0.1,sensor-1 ssh-ed25519 ${pinned.toString('base64')}\n`);
    const kh = new KnownHosts(file);
    expect(await kh.check('sensor-1', 22, blob('ssh-rsa', 9))).toEqual({
      status: 'mismatch',
      pinned: [{ type: 'ssh-ed25519', fingerprint: sha256Fingerprint(pinned) }],
    });
  });

  it('treats a revoked key as a mismatch', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kh-')), 'known_hosts');
    const bad = blob('ssh-ed25519', 3);
    await writeFile(file, `@revoked 10.0.0.9 ssh-ed25519 ${bad.toString('base64')}\n`);
    expect((await new KnownHosts(file).check('10.0.0.9', 22, bad)).status).toBe('mismatch');
  });

  it('names hosts as OpenSSH does and reads key facts from the blob', () => {
    expect(knownHostName('h', 22)).toBe('h');
    expect(knownHostName('h', 2200)).toBe('[h]:2200');
    expect(hostKeyType(blob('ssh-ed25519', 0))).toBe('ssh-ed25519');
    expect(hostKeyType(Buffer.from([0, 0]))).toBe('unknown');
    expect(sha256Fingerprint(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });
});
