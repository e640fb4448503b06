import { describe, expect, it } from 'vitest';
import { parseVirtualization } from './parse-virtualization.ts';

describe('parseVirtualization', () => {
  it('systemd-detect-virt output wins', () => {
    expect(parseVirtualization('none\n', 'hypervisor-flag')).toBe('none');
    expect(parseVirtualization('kvm\n', '')).toBe('kvm');
    expect(parseVirtualization('systemd-nspawn\n', '')).toBe('systemd-nspawn');
  });

  it('without systemd-detect-virt: container, then DMI, then the hypervisor flag', () => {
    expect(parseVirtualization('', 'hypervisor-flag\ncontainer docker\ndmi-vendor QEMU')).toBe('docker');
    expect(parseVirtualization('', 'hypervisor-flag\ndmi-vendor QEMU\ndmi-product Standard PC (Q35 + ICH9, 2009)')).toBe('qemu');
    expect(parseVirtualization('', 'dmi-vendor Microsoft Corporation\ndmi-product Virtual Machine')).toBe('microsoft');
    expect(parseVirtualization('', 'hypervisor-flag\ndmi-vendor \ndmi-product ')).toBe('vm-other');
    expect(parseVirtualization('', 'dmi-vendor Dell Inc.\ndmi-product PowerEdge R740')).toBe('none');
  });

  it('does not pass host text through unchecked', () => {
    expect(parseVirtualization('\u001b[31mevil\n', 'container $(x)')).toBe('none');
  });
});
