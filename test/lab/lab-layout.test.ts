import { describe, expect, it } from 'vitest';
import { hostLayout, INSTALLER_ADDRESS, labInstance, MAX_HOSTS, SWITCH_LINK } from './lab-layout.ts';

describe('hostLayout', () => {
  it("gives each host its own address on the switch, beside the installer's, and short link names", () => {
    const seen = new Set<string>([INSTALLER_ADDRESS]);
    expect(SWITCH_LINK.length).toBeLessThanOrEqual(15);
    for (let i = 1; i <= MAX_HOSTS; i++) {
      const h = hostLayout(i);
      expect(h.address).toMatch(/^198\.18\.\d+\.\d+$/);
      expect(h.address.split('.').slice(0, 3)).toEqual(INSTALLER_ADDRESS.split('.').slice(0, 3)); // one /24
      expect(Number(h.address.split('.')[3])).toBeLessThan(250); // below NOWHERE_ADDRESS
      expect(h.installerAddress).toBe(INSTALLER_ADDRESS);
      for (const link of [h.managementLink, ...h.captureLinks]) expect(link.length).toBeLessThanOrEqual(15);
      expect(seen.has(h.address)).toBe(false);
      seen.add(h.address);
    }
  });

  it('rejects an index outside the lab', () => {
    expect(() => hostLayout(0)).toThrow(/1\.\.60/);
    expect(() => hostLayout(MAX_HOSTS + 1)).toThrow();
  });
});

describe('labInstance', () => {
  it('reads PICKET_LAB_INSTANCE, 0 when unset', () => {
    expect(labInstance(undefined)).toBe(0);
    expect(labInstance('7')).toBe(7);
    expect(() => labInstance('x')).toThrow(/PICKET_LAB_INSTANCE must be a whole number from 0 to 99/);
  });
});
