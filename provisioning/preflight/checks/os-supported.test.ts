import { describe, expect, it } from 'vitest';
import { cluster, fixtureInventory, host } from '../testing/fixture-host.ts';
import { osSupported } from './os-supported.ts';

function withOs(id: string, version: string, prettyName: string) {
  const inventory = fixtureInventory();
  inventory.os = { ...inventory.os, id, version, prettyName };
  return cluster([host('h1', ['agent'], inventory)]);
}

describe('os-supported', () => {
  it('passes the supported releases (RHEL family by major version)', () => {
    expect(osSupported(cluster([host('h1', ['agent'], fixtureInventory())]))).toEqual([]);
    for (const [id, version] of [['ubuntu', '22.04'], ['ubuntu', '24.04'], ['rhel', '9.4'], ['rocky', '8.10'], ['almalinux', '9.5']] as const) {
      expect(osSupported(withOs(id, version, `${id} ${version}`))).toEqual([]);
    }
  });

  it('warns for an unsupported release of a supported distribution', () => {
    expect(osSupported(withOs('debian', '11', 'Debian GNU/Linux 11 (bullseye)'))).toEqual([
      {
        severity: 'warn',
        host: 'h1',
        check: 'os-supported',
        message: 'h1 runs Debian GNU/Linux 11 (bullseye), not a supported release of Debian (supported: 12); the install is untested there',
        fix: 'use Debian 12, Ubuntu 22.04 or 24.04, RHEL/Rocky/AlmaLinux 8 or 9, or waive os-supported for h1 and watch the install closely',
      },
    ]);
    expect(osSupported(withOs('ubuntu', '20.04', 'Ubuntu 20.04.6 LTS'))[0]?.message).toBe(
      'h1 runs Ubuntu 20.04.6 LTS, not a supported release of Ubuntu (supported: 22.04, 24.04); the install is untested there',
    );
  });

  it('warns for another Linux distribution', () => {
    expect(osSupported(withOs('opensuse-leap', '15.6', 'openSUSE Leap 15.6'))[0]).toMatchObject({
      severity: 'warn',
      message: 'h1 runs openSUSE Leap 15.6, not a supported distribution; the install is untested there',
    });
  });

  it('fails a system that is not Linux', () => {
    expect(osSupported(withOs('freebsd', '14.1', 'FreeBSD 14.1-RELEASE'))).toEqual([
      {
        severity: 'fail',
        host: 'h1',
        check: 'os-supported',
        message: 'h1 runs FreeBSD 14.1-RELEASE, which is not Linux; RKE2 runs only on Linux',
        fix: 'reinstall h1 with Debian 12, Ubuntu 22.04 or 24.04, RHEL/Rocky/AlmaLinux 8 or 9',
      },
    ]);
  });
});
