/**
 * Everything host tuning may touch on a lab host, as text — NIC features, queues, link flags and addresses,
 * sysctls, Picket's files and units — so tests can compare a host before and after (apply, restart, revert).
 */
import { execFileSync } from 'node:child_process';
import type { LabHost } from '../lab/lab.ts';

export function onLabHost(host: LabHost, command: string): string {
  return execFileSync('ssh', [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-i', host.identityFile, `root@${host.address}`, command,
  ], { encoding: 'utf8' });
}

const SNAPSHOT = `
for n in cap0 cap1 mgmt0; do
  echo "== $n"; ethtool -k $n | sort; ethtool -l $n 2>&1; ethtool -g $n 2>&1
  ip -d -j link show $n | python3 -c 'import json,sys; l=json.load(sys.stdin)[0]; print(l["mtu"], "PROMISC" in l["flags"], l["address"])'
  ip -j addr show $n | python3 -c 'import json,sys; print(sorted(a["local"] for a in json.load(sys.stdin)[0].get("addr_info",[]) if a.get("scope")!="link"))'
done
for k in net.ipv6.conf.cap0.disable_ipv6 net.ipv6.conf.cap1.disable_ipv6 net.ipv4.conf.cap0.rp_filter vm.swappiness vm.max_map_count; do printf '%s=' $k; sysctl -n $k 2>&1; done
find /etc/sysctl.d /etc/tmpfiles.d /etc/systemd/system /etc/systemd/system/multi-user.target.wants /etc/default /etc/default/grub.d /etc/picket /etc/picket/capture -maxdepth 1 -printf '%M %p\n' 2>/dev/null | sort
for f in /etc/default/grub.d /etc/picket /usr/local/sbin/picket-capture-nic; do [ -e "$f" ] && echo "exists $f"; done
systemctl is-enabled irqbalance.service 2>&1 || true
true`;

export function hostSnapshot(host: LabHost): string {
  return onLabHost(host, SNAPSHOT);
}
