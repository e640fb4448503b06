import { describe, expect, it } from 'vitest';
import { nicFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import { planCaptureOffloads, receiveHashingFixedOff } from './capture-offloads.ts';

describe('planCaptureOffloads', () => {
  const x710 = nicFromFixture('intel-x710-i40e', 'p3p1').offloads;

  it('X710 after SEPTun tuning: every changeable capture feature, none of the [fixed] ones, no notes', () => {
    expect(planCaptureOffloads('p3p1', x710, 1)).toEqual({
      off: [
        'rx-checksumming',
        'tx-checksumming',
        'scatter-gather',
        'tcp-segmentation-offload',
        'generic-segmentation-offload',
        'generic-receive-offload',
        'rx-vlan-offload',
        'tx-vlan-offload',
        'ntuple-filters',
        'rx-vlan-filter',
        'receive-hashing',
      ],
      on: [],
      notes: [],
    });
  });

  it('receive hashing follows the queue count: on with several, untouched when unknown', () => {
    expect(planCaptureOffloads('p3p1', x710, 4)).toMatchObject({ on: ['receive-hashing'] });
    expect(planCaptureOffloads('p3p1', x710, null).off).not.toContain('receive-hashing');
    expect(planCaptureOffloads('p3p1', x710, null).on).toEqual([]);
  });

  it('virtio: what the hypervisor fixes on is reported, not planned', () => {
    const plan = planCaptureOffloads('eth0', nicFromFixture('virtio-net', 'eth0').offloads, 1);
    expect(plan.off).toEqual(['tx-checksumming', 'scatter-gather', 'tcp-segmentation-offload', 'generic-segmentation-offload', 'generic-receive-offload', 'rx-gro-list', 'rx-udp-gro-forwarding']);
    expect(plan.notes).toEqual([
      'eth0: rx-checksumming is on [fixed] and stays on (harmless for capture)',
      expect.stringMatching(/^warning: eth0: rx-gro-hw is on \[fixed\]/),
    ]);
  });

  it('no ethtool -k output: nothing planned, and the note says how to get it', () => {
    expect(planCaptureOffloads('ten1', null, 1)).toEqual({ off: [], on: [], notes: [expect.stringMatching(/ethtool -k reported nothing/)] });
  });

  it('veth keeps receive-hashing off [fixed]: it cannot spread over queues', () => {
    expect(receiveHashingFixedOff(nicFromFixture('veth', 'pkfx0').offloads)).toBe(true);
    expect(receiveHashingFixedOff(nicFromFixture('intel-x710-i40e', 'p3p1').offloads)).toBe(false);
  });
});
