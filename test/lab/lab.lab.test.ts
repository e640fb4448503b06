/** The lab itself: distinct, persistent hosts; an idempotent `up`; capture ports that carry injected traffic. */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureMac, hostLayout } from './lab-layout.ts';
import { restartHost, up, type LabHost } from './lab.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { onLabHost } from '../support/host-snapshot.ts';

const onHost = (host: LabHost, command: string) => onLabHost(host, command).trim();

let hosts: LabHost[];

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
    // Capture NICs keep fixed MACs across restarts, so a spec naming them by name + MAC still matches.
    expect(onHost(h, 'cat /sys/class/net/cap0/address /sys/class/net/cap1/address').split('\n')).toEqual([captureMac(4, 0), captureMac(4, 1)]);
    onHost(h, 'rm -f /var/tmp/picket-persist');
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
