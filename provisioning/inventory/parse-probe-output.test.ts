import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostInventorySchema } from './host-inventory.ts';
import { parseProbeOutput } from './parse-probe-output.ts';
import { PROBE_FORMAT_VERSION, PROBE_SECTIONS } from './probe-protocol.ts';

const fixture = (file: string) => readFileSync(new URL(`../../test/fixtures/probe/${file}`, import.meta.url), 'utf8');
const MARKER = fixture('this-machine.marker').trim();
const THIS_MACHINE = fixture('this-machine.txt');

/** Replaces the body of one section of the fixture (the text between its header and the next one). */
function withSection(name: string, body: string): string {
  const header = `${MARKER} ${name}\n`;
  const start = THIS_MACHINE.indexOf(header);
  const end = THIS_MACHINE.indexOf(`\n${MARKER} `, start + header.length);
  return THIS_MACHINE.slice(0, start + header.length) + body + THIS_MACHINE.slice(end);
}

describe('parseProbeOutput on the lab VM fixture', () => {
  const inventory = parseProbeOutput(THIS_MACHINE, MARKER);

  it('has no warnings and validates against the schema', () => {
    expect(inventory.warnings).toEqual([]);
    expect(HostInventorySchema.safeParse(inventory).success).toBe(true);
  });

  it('host, OS and clock', () => {
    expect(inventory.hostname).toBe('vm');
    expect(inventory.os).toMatchObject({ id: 'debian', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(inventory.os.kernel).toBe('6.18.44-fc-v669');
    expect(inventory.os.cmdline).toMatch(/^mitigations=auto/);
    expect(inventory.virtualization).toBe('docker');
    expect(inventory.timeSync).toEqual({ synchronized: null, ntpService: null, epochSeconds: expect.any(Number) });
    expect(inventory.missingTools).toEqual(['lspci']);
    expect(inventory.iommu).toEqual({ enabled: false, groups: 0 });
  });

  it('CPU and memory', () => {
    expect(inventory.cpu).toMatchObject({
      model: 'AMD EPYC',
      vendor: 'AuthenticAMD',
      sockets: 1,
      cores: 2,
      threads: 2,
      threadsPerCore: 1,
      onlineCpus: [0, 1],
      smtSiblings: [[0], [1]],
      virtualizationFlags: [],
    });
    expect(inventory.cpu.numaNodes).toEqual([{ id: 0, cpus: [0, 1], memoryBytes: expect.any(Number) }]);
    expect(inventory.memory.totalBytes).toBe(24684084 * 1024);
    expect(inventory.memory.transparentHugepages).toBe('madvise');
    expect(inventory.memory.hugepages.map((pool) => pool.sizeKb)).toEqual([2048, 1048576]);
  });

  it('NICs: virtio eth0 is the management NIC, veths and ifbs are kinds of their own, lo is left out', () => {
    const eth0 = inventory.nics.find((nic) => nic.name === 'eth0');
    expect(eth0).toMatchObject({
      kind: 'physical',
      driver: 'virtio_net',
      pciAddress: '0000:00:03.0',
      vendorId: '0x1af4',
      isManagement: true,
      addresses: ['192.0.2.2/24', 'fd00::2/64', 'fe80::fc:ff:fe00:1/64'],
    });
    // The sysfs facts come from the NIC's one grep (path:value lines), the driver from its device's uevent.
    expect(eth0).toMatchObject({ mac: '02:fc:00:00:00:01', mtu: 1400, deviceId: '0x1041', numaNode: null, localCpus: [0, 1], link: 'up' });
    // ifb0 is down: its carrier cannot be read, so grep leaves it out and the link comes from operstate.
    expect(inventory.nics.find((nic) => nic.name === 'ifb0')).toMatchObject({ link: 'down', operState: 'down', mtu: 1500 });
    expect(inventory.managementNic).toBe('eth0');
    expect(inventory.nics.filter((nic) => nic.isManagement)).toHaveLength(1);
    expect(inventory.nics.find((nic) => nic.name === 'ifb0')?.kind).toBe('virtual');
    const veths = inventory.nics.filter((nic) => nic.kind === 'veth');
    expect(veths.length).toBeGreaterThan(0);
    expect(veths.every((nic) => nic.rings === null)).toBe(true);
    expect(inventory.nics.map((nic) => nic.name)).not.toContain('lo');
  });

  it('disks: vda with its root mount sized by df', () => {
    const vda = inventory.disks.find((disk) => disk.name === 'vda');
    expect(vda).toMatchObject({ sizeBytes: 274877906944, rotational: true, type: 'disk' });
    expect(vda?.mounts).toEqual([{ path: '/', sizeBytes: expect.any(Number), freeBytes: expect.any(Number) }]);
  });
});

describe('untrusted host data', () => {
  it('a hostname or cmdline carrying a forged header does not open a section', () => {
    let out = withSection('hostname', 'evil\n@@picket-wrong@@ nic evil\naddress=de:ad:be:ef:00:01');
    out = out.replace(`${MARKER} cmdline\n`, `${MARKER} cmdline\nquiet @@picket-wrong@@ nic evil2 `);
    const inventory = parseProbeOutput(out, MARKER);
    expect(inventory.hostname).toBe('evil');
    expect(inventory.os.cmdline).toContain('@@picket-wrong@@ nic evil2');
    expect(inventory.nics.map((nic) => nic.name)).not.toContain('evil');
    expect(inventory.nics.map((nic) => nic.name)).not.toContain('evil2');
  });

  it('terminal escapes are stripped from single-line facts', () => {
    const inventory = parseProbeOutput(withSection('hostname', '\u001b]0;pwned\u0007host-1'), MARKER);
    expect(inventory.hostname).toBe(']0;pwnedhost-1');
  });

  it('output read with another marker yields an empty but valid inventory and a warning', () => {
    const inventory = parseProbeOutput(THIS_MACHINE, '@@picket-ffffffffffffffffffffffffffffffff@@');
    expect(inventory.nics).toEqual([]);
    expect(inventory.warnings.join('\n')).toMatch(/no begin section/);
  });

  it('output of another probe format version is read, with a warning', () => {
    const inventory = parseProbeOutput(THIS_MACHINE.replace(`${MARKER} begin ${PROBE_FORMAT_VERSION}\n`, `${MARKER} begin 1\n`), MARKER);
    expect(inventory.warnings).toEqual([`probe: format version "1", expected ${PROBE_FORMAT_VERSION}`]);
  });

  it('a login banner before the first section is ignored', () => {
    expect(parseProbeOutput(`*** Authorized use only ***\n${THIS_MACHINE}`, MARKER).warnings).toEqual([]);
  });
});

describe('malformed sections become warnings', () => {
  it('broken iproute2 JSON: NICs still come from sysfs', () => {
    const inventory = parseProbeOutput(withSection('ip-link', '[{"ifname": "eth0", '), MARKER);
    expect(inventory.warnings.join('\n')).toMatch(/ip -j -d link/);
    expect(inventory.nics.find((nic) => nic.name === 'eth0')?.kind).toBe('physical');
  });

  it('lsblk without JSON: /sys/block fallback', () => {
    const inventory = parseProbeOutput(withSection('lsblk', 'lsblk: unknown option -- J'), MARKER);
    expect(inventory.warnings.join('\n')).toMatch(/lsblk JSON unavailable/);
    expect(inventory.disks.find((disk) => disk.name === 'vda')).toMatchObject({ sizeBytes: 274877906944, rotational: true });
    expect(inventory.disks.map((disk) => disk.name)).toEqual(['vda', 'zram0']);
  });

  it('a truncated run says so', () => {
    const cut = THIS_MACHINE.slice(0, THIS_MACHINE.indexOf(`${MARKER} lsblk`));
    const inventory = parseProbeOutput(cut, MARKER);
    expect(inventory.warnings.join('\n')).toMatch(/ends before the end section/);
    expect(inventory.nics.length).toBeGreaterThan(0);
  });

  it('missing tools are listed and the NICs keep their sysfs facts', () => {
    let out = withSection('missing-tools', 'ethtool\nlspci');
    for (const name of ['eth0']) {
      for (const option of ['i', 'l', 'g', 'k']) out = out.replace(new RegExp(`\\n${MARKER} ethtool-${option} ${name}\\n[^]*?(?=\\n${MARKER} )`), '');
    }
    const inventory = parseProbeOutput(out, MARKER);
    expect(inventory.missingTools).toEqual(['ethtool', 'lspci']);
    expect(inventory.nics.find((nic) => nic.name === 'eth0')).toMatchObject({ driver: 'virtio_net', channels: null, offloads: null });
  });

  it('never throws on arbitrary section contents', () => {
    const sectionName = fc.constantFrom(...PROBE_SECTIONS, 'bogus');
    const arg = fc.oneof(fc.constant(''), fc.constantFrom(' eth0', ' lo', ' x/y'), fc.string({ maxLength: 20 }).map((s) => ` ${s}`));
    const body = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('{}', '[]', 'null', '[{"ifname":1}]', '0-99999999'));
    const section = fc.tuple(sectionName, arg, body).map(([name, a, b]) => `${MARKER} ${name}${a}\n${b}\n`);
    fc.assert(
      fc.property(fc.array(section, { maxLength: 40 }), (sections) => {
        const inventory = parseProbeOutput(sections.join(''), MARKER);
        expect(HostInventorySchema.safeParse(inventory).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('management path', () => {
  it('a bridge over a bond marks the bond and its ports as management too', () => {
    const M = '@@picket-00112233445566778899aabbccddeeff@@';
    const links = [
      { ifname: 'eno1', master: 'bond0', link_type: 'ether' },
      { ifname: 'eno2', master: 'bond0', link_type: 'ether' },
      { ifname: 'bond0', master: 'br0', linkinfo: { info_kind: 'bond' } },
      { ifname: 'br0', linkinfo: { info_kind: 'bridge' } },
      { ifname: 'br0.100', link: 'br0', linkinfo: { info_kind: 'vlan' } },
      { ifname: 'ens1f0', link_type: 'ether' },
    ];
    const addrs = [{ ifname: 'br0.100', addr_info: [{ local: '10.0.0.5', prefixlen: 24 }] }];
    const out =
      `${M} begin ${PROBE_FORMAT_VERSION}\n${M} ip-link\n${JSON.stringify(links)}\n${M} ip-addr\n${JSON.stringify(addrs)}\n` +
      `${M} ssh-connection\n10.0.0.1 51000 10.0.0.5 22\n${M} route-mgmt 10.0.0.1\n10.0.0.1 dev br0.100 src 10.0.0.5 uid 0\n${M} end\n`;
    const inventory = parseProbeOutput(out, M);
    expect(inventory.managementNic).toBe('br0.100');
    const flagged = inventory.nics.filter((nic) => nic.isManagement).map((nic) => nic.name);
    expect(flagged.sort()).toEqual(['bond0', 'br0', 'br0.100', 'eno1', 'eno2']);
  });
});
