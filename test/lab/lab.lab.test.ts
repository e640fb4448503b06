/** The lab itself: distinct, persistent hosts; an idempotent `up`; capture ports that carry injected traffic. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureMac, hostLayout, INSTALLER_ADDRESS, SWITCH_LINK } from './lab-layout.ts';
import { until } from './run-local.ts';
import { restartHost, up, type LabHost } from './lab.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { onLabHost } from '../support/host-snapshot.ts';

const onHost = (host: LabHost, command: string) => onLabHost(host, command).trim();

let hosts: LabHost[];

/** Bytes through the switch's own port (the installer's link), both ways. */
function installerLinkBytes(): number {
  const read = (what: string) => Number(readFileSync(`/sys/class/net/${SWITCH_LINK}/statistics/${what}`, 'utf8'));
  return read('rx_bytes') + read('tx_bytes');
}

/** The switch a host's management port is plugged into (undefined: none). */
function switchOf(link: string): string | undefined {
  return (JSON.parse(execFileSync('ip', ['-j', 'link', 'show', 'dev', link], { encoding: 'utf8' })) as { master?: string }[])[0]?.master;
}

/** Writes `count` Ethernet frames into a link on this machine (the installer side of a capture veth). */
function inject(link: string, count: number): void {
  const script = [
    'import socket, sys',
    's = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)',
    's.bind((sys.argv[1], 0))',
    "frame = b'\\xff' * 6 + b'\\x02\\x00\\x00\\x00\\x00\\x01' + b'\\x88\\xb5' + b'picket-lab-test'.ljust(46, b'.')",
    'for _ in range(int(sys.argv[2])): s.send(frame)',
  ].join('\n');
  execFileSync('python3', ['-c', script, link, String(count)]);
}

beforeAll(async () => {
  hosts = await labHosts();
});

describe('lab hosts', () => {
  it('are distinct machines: own hostname, machine id and host key', () => {
    const facts = hosts.map((h) => onHost(h, 'hostname; cat /etc/machine-id; cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub'));
    for (const [i, f] of facts.entries()) expect(f.split('\n')[0]).toBe(`lab-${i + 1}`);
    for (const column of [0, 1, 2]) expect(new Set(facts.map((f) => f.split('\n')[column])).size).toBe(hosts.length);
  });

  it('run real systemd and sshd in their own network namespace, with NET_ADMIN for ethtool and promisc', () => {
    const h = hosts[0]!;
    expect(onHost(h, 'systemctl is-active ssh systemd-networkd').split('\n')).toEqual(['active', 'active']);
    expect(onHost(h, 'ls /sys/class/net | sort').split('\n')).toEqual(['cap0', 'cap1', 'lo', 'mgmt0']);
    expect(onHost(h, 'ip link set cap1 promisc on && ip -o link show cap1 | grep -c PROMISC; ip link set cap1 promisc off')).toBe('1');
    expect(onHost(h, 'ethtool -K cap1 gro off && ethtool -k cap1 | grep generic-receive; ethtool -K cap1 gro on')).toBe('generic-receive-offload: off');
  });

  it('`up` is idempotent: a second call changes nothing and reboots nobody', async () => {
    const bootIds = hosts.map((h) => onHost(h, 'cat /proc/sys/kernel/random/boot_id'));
    const started = Date.now();
    const again = await up(hosts.length, () => undefined);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(again.hosts).toEqual(hosts);
    expect(hosts.map((h) => onHost(h, 'cat /proc/sys/kernel/random/boot_id'))).toEqual(bootIds);
  });

  it('a restarted host comes back with its disk state, machine id and host key', async () => {
    const h = hosts[3]!;
    const before = onHost(h, 'echo kept > /var/tmp/picket-persist; cat /etc/machine-id /proc/sys/kernel/random/boot_id; cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub').split('\n');
    await restartHost(hostLayout(4), () => undefined);
    const after = onHost(h, 'cat /var/tmp/picket-persist /etc/machine-id /proc/sys/kernel/random/boot_id; cut -d" " -f2 /etc/ssh/ssh_host_ed25519_key.pub').split('\n');
    expect(after[0]).toBe('kept');
    expect(after[1]).toBe(before[0]); // machine id
    expect(after[2]).not.toBe(before[1]); // a new boot
    expect(after[3]).toBe(before[2]); // same host key
    // Its new management veth is plugged into the switch again.
    expect(switchOf(hostLayout(4).managementLink)).toBe(SWITCH_LINK);
    expect(onHost(h, `ip -o route get ${hosts[0]!.address}`)).not.toMatch(/ via /);
    // Capture NICs keep fixed MACs across restarts, so a spec naming them by name + MAC still matches.
    expect(onHost(h, 'cat /sys/class/net/cap0/address /sys/class/net/cap1/address').split('\n')).toEqual([captureMac(4, 0), captureMac(4, 1)]);
    onHost(h, 'rm -f /var/tmp/picket-persist');
  });

  it('share a switch: host-to-host traffic crosses it without the installer, which is one more port on it', async () => {
    const [a, b] = hosts;
    for (const h of hosts) expect(switchOf(hostLayout(Number(h.name.slice(4))).managementLink)).toBe(SWITCH_LINK);
    expect(onHost(a!, `ip -o route get ${b!.address}`)).not.toMatch(/ via /); // on-link, no gateway
    expect(onHost(a!, `ip -o route get ${INSTALLER_ADDRESS}`)).not.toMatch(/ via /);
    const bytes = 20_000_000;
    const receive = 'import socket; s = socket.socket(); s.bind(("", 9123)); s.listen(); c, _ = s.accept(); n = 0\nwhile True:\n  d = c.recv(1 << 20)\n  if not d: break\n  n += len(d)\nopen("/tmp/picket-received", "w").write(str(n))';
    onHost(b!, `rm -f /tmp/picket-received; (timeout 60 python3 -c '${receive}' >/dev/null 2>&1 &)`);
    const before = installerLinkBytes();
    const send = `import socket, time\nfor _ in range(100):\n  try: s = socket.create_connection(("${b!.address}", 9123)); break\n  except OSError: time.sleep(0.05)\ns.sendall(bytes(${bytes})); s.close()`;
    onHost(a!, `python3 -c '${send}'`);
    const received = await until('lab-2 to count what it received', 20_000, async () => onHost(b!, 'cat /tmp/picket-received 2>/dev/null || true') || undefined);
    expect(Number(received)).toBe(bytes);
    // Only the two SSH sessions that drove the test crossed the installer's link, not the 20 MB.
    expect(installerLinkBytes() - before).toBeLessThan(bytes / 20);
  });

  it('frames written into a capture peer arrive on that capture NIC only', () => {
    const h = hosts[1]!;
    const counters = () => onHost(h, 'cat /sys/class/net/cap0/statistics/rx_packets /sys/class/net/cap1/statistics/rx_packets').split('\n').map(Number);
    const [cap0Before, cap1Before] = counters();
    inject(h.capturePeers[0]!, 200);
    const [cap0After, cap1After] = counters();
    expect(cap0After! - cap0Before!).toBe(200);
    expect(cap1After).toBe(cap1Before);
  });
});
