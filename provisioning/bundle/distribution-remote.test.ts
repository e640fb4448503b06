import { describe, expect, it } from 'vitest';
import { parseClosedFolder, parseHoldings } from './distribution-remote.ts';
import { parseSourceSetup } from './distribution-transfer-keys.ts';

describe('parseHoldings', () => {
  it('reads placed files (size and identity) and parts', () => {
    expect(parseHoldings('1000:1764500000:42 -\n- 300\n- -\n', 3, 'h')).toEqual([{ final: { size: 1000, stamp: '1000:1764500000:42' } }, { partBytes: 300 }, {}]);
  });

  it('refuses an answer of the wrong shape or length', () => {
    expect(() => parseHoldings('- -\n', 2, 'h')).toThrow(/expected 2 lines/);
    expect(() => parseHoldings('12 $(x)\n', 1, 'h')).toThrow(/unexpected answer/);
  });
});

describe('parseClosedFolder', () => {
  it('is nothing when the login user can reach the destination', () => {
    expect(parseClosedFolder('\n', 'lab-2', 'fieldops', '/opt/x/bundle')).toBeUndefined();
  });

  it('names the host, the folder in the way, and the fix', () => {
    expect(parseClosedFolder('drwx------ root root /opt/x\n', 'lab-2', 'fieldops', '/opt/x/bundle')).toBe(
      'lab-2: fieldops cannot reach /opt/x/bundle: /opt/x is closed to it (drwx------ root root); let it through (chmod o+x /opt/x) or choose another bundle destination',
    );
  });

  it('refuses an answer of another shape', () => {
    expect(() => parseClosedFolder('surprise', 'lab-2', 'fieldops', '/opt/x/bundle')).toThrow(/^lab-2: unexpected answer about reaching \/opt\/x\/bundle$/);
  });
});

describe('parseSourceSetup', () => {
  const marker = `picket-transfer-${'0123456789abcdef'.repeat(2)}`;
  const pub = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOq0mDn3s3b5k2C0w1n9yq7f8gqGl5CjI7H6Vb0k2d1F ${marker}`;

  it('takes the public key and the address the source reaches the target from', () => {
    const text = `pub ${pub}\nroute 198.18.5.10 dev mgmt0 src 198.18.5.6 uid 0 \\    cache\ndir /root/.picket-transfers/${marker}\n`;
    expect(parseSourceSetup(text, marker, 'lab-1', 'lab-2')).toEqual({ publicKey: pub, fromAddress: '198.18.5.6' });
  });

  it('refuses a key that is not the one asked for, or no usable source address', () => {
    expect(() => parseSourceSetup(`pub ${pub.replace(marker, 'picket-transfer-x')}\nroute x src 10.0.0.1\n`, marker, 'lab-1', 'lab-2')).toThrow(/not the ed25519 key asked for/);
    expect(() => parseSourceSetup(`pub ${pub},command="sh"\nroute x src 10.0.0.1\n`, marker, 'lab-1', 'lab-2')).toThrow(/not the ed25519 key asked for/);
    expect(() => parseSourceSetup(`pub ${pub}\nroute \n`, marker, 'lab-1', 'lab-2')).toThrow(/^lab-1: cannot tell which address it reaches lab-2 from/);
    expect(() => parseSourceSetup(`pub ${pub}\nroute x src 10.0.0.1",command="x\n`, marker, 'lab-1', 'lab-2')).toThrow(/cannot tell which address/);
  });
});
