import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpuinfo, virtualizationFlags } from './parse-cpuinfo.ts';

describe('parseCpuinfo', () => {
  it('reads model, vendor and VT flags', () => {
    const text = readFileSync(new URL('../../test/fixtures/cpu/xeon-e5-2697v4-2s/cpuinfo.txt', import.meta.url), 'utf8');
    const info = parseCpuinfo(text);
    expect(info.model).toBe('Intel(R) Xeon(R) CPU E5-2697 v4 @ 2.30GHz');
    expect(info.vendor).toBe('GenuineIntel');
    expect(virtualizationFlags(info.flags)).toEqual(['vmx']);
  });

  it('AMD svm; a VM without nested virtualization has neither', () => {
    expect(virtualizationFlags(parseCpuinfo('flags\t\t: fpu svm lm\n').flags)).toEqual(['svm']);
    expect(virtualizationFlags(parseCpuinfo('flags\t\t: fpu hypervisor\n').flags)).toEqual([]);
  });

  it('ARM cpuinfo without these fields', () => {
    expect(parseCpuinfo('processor\t: 0\nBogoMIPS\t: 50.00\n')).toEqual({ model: 'unknown', vendor: 'unknown', flags: [] });
  });
});
