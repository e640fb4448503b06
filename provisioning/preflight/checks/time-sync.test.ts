import { describe, expect, it } from 'vitest';
import { cluster, fixtureInventory, host } from '../testing/fixture-host.ts';
import { timeSync } from './time-sync.ts';

function withTimeSync(synchronized: boolean | null, ntpService: string | null) {
  const inventory = fixtureInventory();
  inventory.timeSync = { ...inventory.timeSync, synchronized, ntpService };
  return cluster([host('h1', ['agent'], inventory)]);
}

describe('time-sync', () => {
  it('passes a synchronized clock', () => {
    expect(timeSync(withTimeSync(true, 'chronyd'))).toEqual([]);
  });

  it('warns when NTP says the clock is not synchronized, naming the daemon that runs', () => {
    expect(timeSync(withTimeSync(false, 'chronyd'))).toEqual([
      {
        severity: 'warn',
        host: 'h1',
        check: 'time-sync',
        message: "h1's clock is not synchronized: chronyd runs but has not locked onto a time source",
        fix: "check that chronyd can reach the site's NTP server (chronyc sources, or timedatectl timesync-status)",
      },
    ]);
    expect(timeSync(withTimeSync(false, null))[0]).toMatchObject({
      message: "h1's clock is not synchronized and no NTP client runs",
      fix: "install and enable an NTP client pointed at the site's NTP server (chrony, or systemd-timesyncd: timedatectl set-ntp true)",
    });
  });

  it('notes a host that cannot tell (the lab VM fixture: no timedatectl answer, no daemon)', () => {
    expect(timeSync(cluster([host('vm', ['agent'], fixtureInventory())]))).toEqual([
      {
        severity: 'info',
        host: 'vm',
        check: 'time-sync',
        message: 'vm did not say whether its clock is synchronized (no timedatectl answer) and no known NTP client runs',
        fix: 'make sure an NTP client (chrony or systemd-timesyncd) keeps the clock in step',
      },
    ]);
    expect(timeSync(withTimeSync(null, 'ntpd'))).toEqual([]);
  });
});
