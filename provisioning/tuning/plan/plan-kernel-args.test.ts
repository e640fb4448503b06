import { describe, expect, it } from 'vitest';
import { cmdlineLacks, planKernelArgs } from './plan-kernel-args.ts';

const base = { vendor: 'GenuineIntel', virtualization: 'bare-metal' as const, isolated: [2, 3, 4, 5, 10, 11], housekeeping: [0, 8], sriov: false };

describe('planKernelArgs', () => {
  it('isolates the workers with managed_irq and domain, in compact cpu-list form', () => {
    expect(planKernelArgs(base).map((arg) => arg.arg)).toEqual([
      'isolcpus=managed_irq,domain,2-5,10-11',
      'nohz_full=2-5,10-11',
      'rcu_nocbs=2-5,10-11',
      'irqaffinity=0,8',
      'intel_idle.max_cstate=3',
      'processor.max_cstate=3',
    ]);
  });

  it('never hugepages, and nothing at all inside a container', () => {
    expect(planKernelArgs({ ...base, sriov: true }).some((arg) => /huge/.test(arg.arg))).toBe(false);
    expect(planKernelArgs({ ...base, virtualization: 'container', sriov: true })).toEqual([]);
  });

  it('SR-IOV without sensors: only the IOMMU', () => {
    expect(planKernelArgs({ ...base, isolated: [], housekeeping: [], sriov: true }).map((arg) => arg.arg)).toEqual(['intel_iommu=on', 'iommu=pt']);
  });
});

describe('cmdlineLacks', () => {
  const args = [{ arg: 'iommu=pt', why: '' }];
  it('compares whole tokens, and ignores what follows -- (init arguments)', () => {
    expect(cmdlineLacks(args, 'ro quiet iommu=pt')).toBe(false);
    expect(cmdlineLacks(args, 'ro quiet iommu=ptx')).toBe(true);
    expect(cmdlineLacks(args, 'ro quiet -- iommu=pt')).toBe(true);
  });
});
