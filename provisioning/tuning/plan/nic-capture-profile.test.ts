import { describe, expect, it } from 'vitest';
import { nicFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import { nicCaptureProfile } from './nic-capture-profile.ts';

describe('nicCaptureProfile', () => {
  it('i40e: 64 queues, symmetric by the low-entropy key', () => {
    const profile = nicCaptureProfile(nicFromFixture('intel-x710-i40e', 'ens1f0'), '6.1.0-18-amd64');
    expect(profile).toMatchObject({ hasInterrupts: true, channels: { kind: 'combined', max: 64 }, queueLimit: 64, symmetricRss: 'low-entropy-key', notes: [] });
  });

  it('a VF of a known driver gets one queue: its RSS key may not be settable', () => {
    const vf = { ...nicFromFixture('intel-x710-i40e', 'ens1f0v0'), kind: 'vf' as const, isVf: true };
    const profile = nicCaptureProfile(vf, '6.1.0-18-amd64');
    expect(profile.symmetricRss).toBeNull();
    expect(profile.notes.join('\n')).toMatch(/SR-IOV VF/);
  });

  it('veth: no interrupts, no channels, even though ethtool -l shows rx/tx', () => {
    expect(nicCaptureProfile(nicFromFixture('veth', 'pkfx0'), '6.1.0')).toMatchObject({ hasInterrupts: false, channels: null, queueLimit: null });
  });

  it('mlx5 without ethtool -l: symmetric, queue count unknown', () => {
    expect(nicCaptureProfile(nicFromFixture('mellanox-cx5-mlx5', 'mlx5p1'), '6.1.0')).toMatchObject({ channels: null, queueLimit: null, symmetricRss: 'low-entropy-key' });
  });
});
