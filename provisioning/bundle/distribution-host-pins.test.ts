import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pinLines, pinnedKeys } from './distribution-host-pins.ts';

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOq0mDn3s3b5k2C0w1n9yq7f8gqGl5CjI7H6Vb0k2d1F';
const TEXT = [
  '# pinned by picket',
  `10.0.0.10 ssh-ed25519 ${KEY}`,
  `10.0.0.100 ssh-ed25519 ${KEY}`,
  `[10.0.0.10]:2222 ssh-rsa ${KEY}`,
  `@revoked 10.0.0.10 ssh-rsa ${KEY}`,
  `other,10.0.0.10 ecdsa-sha2-nistp256 ${KEY} comment`,
  '10.0.0.10 ssh-ed25519 not;base64',
  '',
].join('\n');

describe('pinLines', () => {
  it('takes the lines pinning exactly this address and port, in the name ssh looks up', () => {
    expect(pinLines(TEXT, '10.0.0.10', 22)).toEqual([`10.0.0.10 ssh-ed25519 ${KEY}`, `10.0.0.10 ecdsa-sha2-nistp256 ${KEY}`]);
    expect(pinLines(TEXT, '10.0.0.10', 2222)).toEqual([`[10.0.0.10]:2222 ssh-rsa ${KEY}`]);
    expect(pinLines(TEXT, '10.0.0.1', 22)).toEqual([]);
  });
});

describe('pinnedKeys', () => {
  it('refuses a host the installer has not met: no trust on first use between hosts', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'picket-pins-')), 'known_hosts');
    await writeFile(file, TEXT);
    expect(await pinnedKeys(file, 'server-1', '10.0.0.10', 22)).toBe(`10.0.0.10 ssh-ed25519 ${KEY}\n10.0.0.10 ecdsa-sha2-nistp256 ${KEY}\n`);
    await expect(pinnedKeys(file, 'sensor-9', '10.0.0.9', 22)).rejects.toThrow(/^sensor-9: no pinned host key in .* for 10\.0\.0\.9: connect to it once/);
  });
});
