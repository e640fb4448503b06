import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureNicConfig, unitTemplate } from './capture-persistence-steps.ts';
import { parseColonPairs, symmetricKey } from './nic-ethtool-extras-steps.ts';
import { irqTargets } from './irq-affinity-step.ts';

const config = {
  offloadsOff: ['generic-receive-offload', 'large-receive-offload'],
  offloadsOn: ['receive-hashing'],
  privateFlagsOff: ['flow-director-atr'],
  pauseFramesOff: true,
  coalesceRxUsecs: 125,
  symmetricRss: 'low-entropy-key' as const,
  rings: { rx: 1024, tx: 1024 },
  channels: { kind: 'combined' as const, count: 8 },
  mtu: 9000,
  irqCpus: [18, 19, 20],
};

describe('capture NIC persistence', () => {
  it('writes a config the boot script can source, with every value as planned', () => {
    const dir = mkdtempSync(join(tmpdir(), 'picket-conf-'));
    writeFileSync(join(dir, 'cap0.conf'), captureNicConfig('cap0', config));
    const out = execFileSync('sh', ['-c', '. "$1"; printf "%s|" "$OFFLOADS_OFF" "$OFFLOADS_ON" "$PRIV_FLAGS_OFF" "$PAUSE_OFF" "$COALESCE_RX_USECS" "$SYMMETRIC_RSS" "$RX_RING" "$CHANNELS_KIND" "$CHANNELS" "$MTU" "$IRQ_CPUS"', 'sh', join(dir, 'cap0.conf')], { encoding: 'utf8' });
    expect(out).toBe('generic-receive-offload large-receive-offload|receive-hashing|flow-director-atr|1|125|low-entropy-key|1024|combined|8|9000|18 19 20|');
  });

  it('refuses feature names that are not plain words', () => {
    expect(() => captureNicConfig('cap0', { ...config, offloadsOff: ["gro'; reboot; '"] })).toThrow(/unexpected feature name/);
  });

  it('binds the unit to the NIC device where udev exists, and runs at boot in a container', () => {
    expect(unitTemplate(false)).toContain('BindsTo=sys-subsystem-net-devices-%i.device');
    expect(unitTemplate(true)).not.toContain('BindsTo=');
    expect(unitTemplate(true)).toContain('After=systemd-networkd.service');
  });
});

describe('NIC setting helpers', () => {
  it('builds the symmetric Toeplitz key at the NIC\'s own key length', () => {
    expect(symmetricKey(4)).toBe('6d:5a:6d:5a');
    expect(symmetricKey(52).split(':')).toHaveLength(52);
  });

  it('reads ethtool -a and -c style pairs', () => {
    expect(parseColonPairs('Pause parameters for eth0:\nAutonegotiate:\ton\nRX:\t\toff\nTX:\t\ton\n')).toMatchObject({ rx: 'off', tx: 'on', autonegotiate: 'on' });
  });

  it('spreads interrupts one per CPU in IRQ order, wrapping round', () => {
    expect([...irqTargets([130, 128, 129, 131], [18, 19, 20])]).toEqual([[128, '18'], [129, '19'], [130, '20'], [131, '18']]);
  });
});
