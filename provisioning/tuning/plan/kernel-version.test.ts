import { describe, expect, it } from 'vitest';
import { kernelAtLeast, kernelVersion } from './kernel-version.ts';

describe('kernelVersion', () => {
  it('reads distribution releases', () => {
    expect(kernelVersion('6.1.0-18-amd64')).toEqual([6, 1]);
    expect(kernelVersion('5.14.0-427.el9.x86_64')).toEqual([5, 14]);
    expect(kernelVersion('6.18.44-fc-v669')).toEqual([6, 18]);
    expect(kernelVersion('')).toBeNull();
  });

  it('compares minor versions numerically, not as text', () => {
    expect(kernelAtLeast('6.10.2', [6, 8])).toBe(true);
    expect(kernelAtLeast('6.8.0-31-generic', [6, 8])).toBe(true);
    expect(kernelAtLeast('6.1.0-18-amd64', [6, 8])).toBe(false);
    expect(kernelAtLeast('7.0', [6, 8])).toBe(true);
    expect(kernelAtLeast('unknown', [6, 8])).toBeNull();
  });
});
