/**
 * `time-sync`: a host whose clock is not disciplined by NTP drifts away from the others after the install,
 * even when the clock-skew sample is fine today.
 */
import type { Finding, PreflightInput } from '../finding.ts';

export function timeSync(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host): Finding[] => {
    const { synchronized, ntpService } = host.inventory.timeSync;
    if (synchronized === false) {
      return [
        {
          severity: 'warn',
          host: host.name,
          check: 'time-sync',
          message: ntpService
            ? `${host.name}'s clock is not synchronized: ${ntpService} runs but has not locked onto a time source`
            : `${host.name}'s clock is not synchronized and no NTP client runs`,
          fix: ntpService
            ? `check that ${ntpService} can reach the site's NTP server (chronyc sources, or timedatectl timesync-status)`
            : 'install and enable an NTP client pointed at the site\'s NTP server (chrony, or systemd-timesyncd: timedatectl set-ntp true)',
        },
      ];
    }
    if (synchronized === null && ntpService === null) {
      return [
        {
          severity: 'info',
          host: host.name,
          check: 'time-sync',
          message: `${host.name} did not say whether its clock is synchronized (no timedatectl answer) and no known NTP client runs`,
          fix: 'make sure an NTP client (chrony or systemd-timesyncd) keeps the clock in step',
        },
      ];
    }
    return [];
  });
}
