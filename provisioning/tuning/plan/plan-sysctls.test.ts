import { describe, expect, it } from 'vitest';
import { planSysctls } from './plan-sysctls.ts';

describe('planSysctls', () => {
  it('an agent without capture or data gets nothing', () => {
    expect(planSysctls(['agent'], [])).toEqual([]);
  });

  it('a sensor and data host lists vm.swappiness once, and per-NIC IPv6 silence with sysctl.d spelling', () => {
    const keys = planSysctls(['sensor', 'data'], ['ens1f0', 'bond0.100']).map((setting) => setting.key);
    expect(keys.filter((key) => key === 'vm.swappiness')).toHaveLength(1);
    expect(keys).toContain('net.ipv6.conf.bond0/100.disable_ipv6');
    expect(keys).toContain('vm.max_map_count');
  });
});
