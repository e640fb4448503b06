// Host sysctls (tuning reference §2.3), each with the reason it is set. Capture hosts get the softirq and
// backlog settings that decide whether a burst is absorbed or dropped before AF_PACKET sees it; data hosts get
// what OpenSearch refuses to start without. Hosts with neither get none: Picket changes nothing it cannot justify.
import type { HostRole, SysctlSetting } from './host-tuning-plan.ts';

const SWAPPINESS: SysctlSetting = {
  key: 'vm.swappiness',
  value: '1',
  why: 'keep sensor and search processes in RAM; 1 rather than 0 still lets the kernel swap before the OOM killer',
};

const CAPTURE: readonly SysctlSetting[] = [
  {
    key: 'net.core.netdev_max_backlog',
    value: '10000',
    why: 'per-CPU queue between the NIC softirq and the stack: 1000 overflows under bursts, 1000-10000 performs well',
  },
  {
    key: 'net.core.netdev_budget',
    value: '600',
    why: 'packets one softirq round may take from the NICs before yielding (default 300); fewer time_squeeze events on IRQ cores',
  },
  {
    key: 'net.core.netdev_budget_usecs',
    value: '8000',
    why: 'time one softirq round may run (default 2 jiffies: 2 ms at HZ=1000); IRQ cores do nothing else, so let them drain bursts',
  },
  {
    key: 'net.core.rmem_max',
    value: '67108864',
    why: 'ceiling for a socket receive buffer: AF_PACKET mmap rings do not use it, but non-mmap capture and log receivers do',
  },
  {
    key: 'net.core.rmem_default',
    value: '33554432',
    why: 'receive buffer of sockets that ask for none, such as a capture socket without mmap or a UDP syslog receiver',
  },
  SWAPPINESS,
];

const DATA: readonly SysctlSetting[] = [
  { key: 'vm.max_map_count', value: '262144', why: 'OpenSearch maps its index files and refuses to start below 262144 maps' },
  SWAPPINESS,
];

/** sysctl.d spells a dot inside an interface name as a slash (eth0.100 → eth0/100). */
function interfaceKey(nic: string): string {
  return nic.replaceAll('.', '/');
}

export function planSysctls(roles: readonly HostRole[], captureNics: readonly string[]): SysctlSetting[] {
  const settings: SysctlSetting[] = [];
  const add = (setting: SysctlSetting) => {
    if (!settings.some((existing) => existing.key === setting.key)) settings.push(setting);
  };
  if (captureNics.length > 0) CAPTURE.forEach(add);
  for (const nic of captureNics) {
    add({
      key: `net.ipv6.conf.${interfaceKey(nic)}.disable_ipv6`,
      value: '1',
      why: 'a capture port stays silent: no IPv6 link-local address, no router or neighbour solicitations onto the tap',
    });
  }
  if (roles.includes('data')) DATA.forEach(add);
  return settings;
}
