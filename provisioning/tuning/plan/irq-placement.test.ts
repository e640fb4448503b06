import { describe, expect, it } from 'vitest';
import { nicFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import { chooseIrqPlacement, irqCoresForSpeed } from './irq-placement.ts';
import { nicCaptureProfile } from './nic-capture-profile.ts';

const x710 = (speedMbps: number | null) => nicCaptureProfile(nicFromFixture('intel-x710-i40e', 'ens1f0', { speedMbps }), '6.1.0');
const alone = { amdSplit: false, nodeShared: false };

describe('chooseIrqPlacement', () => {
  it('sizes dedicated IRQ cores at about 1.5 Mpps each (950-byte frames)', () => {
    expect([1000, 10000, 25000, 40000, 100000].map(irqCoresForSpeed)).toEqual([1, 1, 3, 4, 9]);
    expect(chooseIrqPlacement(x710(40000), { engines: ['zeek', 'suricata'], ...alone }).placement).toEqual({ kind: 'dedicated', cores: 4 });
  });

  it('one engine on a symmetric NIC alone on its node: interrupts on the workers', () => {
    expect(chooseIrqPlacement(x710(10000), { engines: ['suricata'], ...alone }).placement).toEqual({ kind: 'on-workers' });
  });

  it('dedicated again when another capture NIC shares the node, or on a multi-node AMD host', () => {
    expect(chooseIrqPlacement(x710(10000), { engines: ['suricata'], amdSplit: false, nodeShared: true }).reason).toMatch(/shares its NUMA node/);
    expect(chooseIrqPlacement(x710(10000), { engines: ['suricata'], amdSplit: true, nodeShared: false }).placement.kind).toBe('dedicated');
  });

  it('unknown speed: one IRQ core; veth: none', () => {
    expect(chooseIrqPlacement(x710(null), { engines: ['zeek', 'suricata'], ...alone }).placement).toEqual({ kind: 'dedicated', cores: 1 });
    const veth = nicCaptureProfile(nicFromFixture('veth', 'pkfx0'), '6.1.0');
    expect(chooseIrqPlacement(veth, { engines: ['suricata'], ...alone }).placement).toEqual({ kind: 'none' });
  });
});
