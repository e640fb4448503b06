import { describe, expect, it } from 'vitest';
import { judgeSpace, parseDfOutput } from './distribution-space.ts';

const MiB = 1024 * 1024;

describe('parseDfOutput', () => {
  it('reads df -P -k, a filesystem name with spaces included', () => {
    expect(parseDfOutput('Filesystem     1024-blocks     Used Available Capacity Mounted on\n/dev/vda   263174212 30338024 219398892      13% /\n')).toEqual({
      mount: '/',
      sizeBytes: 263174212 * 1024,
      availableBytes: 219398892 * 1024,
    });
    expect(parseDfOutput('Filesystem 1024-blocks Used Available Capacity Mounted on\nmy pool/data 65536 0 65536 0% /var/lib/picket/bundle\n')?.mount).toBe('/var/lib/picket/bundle');
  });

  it('refuses anything else', () => {
    expect(parseDfOutput('')).toBeUndefined();
    expect(parseDfOutput('df: /x: No such file or directory\n')).toBeUndefined();
    expect(parseDfOutput('Filesystem 1024-blocks Used Available Capacity Mounted on\ntmpfs lots 0 0 0% /\n')).toBeUndefined();
  });
});

describe('judgeSpace', () => {
  const tmpfs = { mount: '/var/lib/picket/bundle', sizeBytes: 64 * MiB, availableBytes: 64 * MiB };

  it('refuses a host short of space, saying by how much and what to do', () => {
    const verdict = judgeSpace('lab-3', '/var/lib/picket/bundle', tmpfs, 100 * MiB);
    expect(verdict.ok).toBe(false);
    expect(verdict.marginBytes).toBe(Math.ceil(6.4 * MiB));
    expect(verdict.message).toBe(
      'lab-3 is short of space by 42.4 MiB: 64.0 MiB free for /var/lib/picket/bundle (on /var/lib/picket/bundle), the bundle needs 100.0 MiB more ' +
        'plus a margin of 6.4 MiB (10 % of the filesystem, kept free so the kubelet does not evict pods) — free 42.4 MiB on /var/lib/picket/bundle, ' +
        'or set bundle.destination to a larger filesystem',
    );
  });

  it('counts only what the host still lacks, with the margin', () => {
    expect(judgeSpace('h', '/d', tmpfs, 57 * MiB).ok).toBe(true);
    expect(judgeSpace('h', '/d', tmpfs, 58 * MiB).ok).toBe(false);
    expect(judgeSpace('h', '/d', { ...tmpfs, availableBytes: 0 }, 0)).toMatchObject({ ok: true, message: 'h holds the whole bundle already in /d (on /var/lib/picket/bundle)' });
  });
});
