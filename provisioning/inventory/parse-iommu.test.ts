import { describe, expect, it } from 'vitest';
import { parseIommu } from './parse-iommu.ts';

describe('parseIommu', () => {
  it('enabled with DMAR units and groups', () => {
    expect(parseIommu('class dmar0\nclass dmar1\ngroups 87\n')).toEqual({ enabled: true, groups: 87, units: ['dmar0', 'dmar1'] });
  });

  it('disabled when either side is empty', () => {
    expect(parseIommu('groups 0\n').enabled).toBe(false);
    expect(parseIommu('class ivhd0\ngroups 0\n').enabled).toBe(false);
    expect(parseIommu('').groups).toBe(0);
  });
});
