// The one shell script that collects a host's inventory in a single SSH round trip.
//
// Invocation (as root):  sh -c "$SCRIPT" picket-probe "$SSH_CONNECTION"
// so $1 is "clientIp clientPort serverIp serverPort" (or empty). The script only reads; it never changes the host.
// It must run under dash and busybox sh, so: no bashisms, every expansion quoted, no `local`, no arrays.
import { isValidProbeMarker, PROBE_FORMAT_VERSION } from './probe-protocol.ts';

/**
 * The four ethtool queries of one NIC, as `sh -c "$Q" sh MARKER NIC` under ONE timeout: a stuck driver still cannot
 * hang the probe, and a NIC costs six processes instead of eight (timeout and sh, not a timeout per query). The
 * marker and the NIC name are arguments, never script text. Each query runs in the background and is waited for, so
 * the TERM from timeout ends it too (busybox's timeout signals only its child, this sh; an orphaned ethtool would
 * hold the output open).
 */
export const ETHTOOL_QUERIES =
  'stop() { kill "$c" 2>/dev/null; exit 124; }; trap stop TERM; ' +
  'for o in i l g k; do printf "\\n%s ethtool-%s %s\\n" "$1" "$o" "$2"; ethtool "-$o" "$2" 2>&1 & c=$!; wait "$c"; done';

// A plain template literal: `\${` keeps a shell expansion away from JavaScript, `\\` is one shell backslash.
const SCRIPT_BODY = `
# Non-login root shells over SSH often lack the sbin directories that hold ip and ethtool.
PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"; export PATH
PAGER=cat; SYSTEMD_PAGER=; SYSTEMD_COLORS=0; export PAGER SYSTEMD_PAGER SYSTEMD_COLORS
# Nothing may wait for input: the SSH channel's stdin stays open.
exec </dev/null
CONN="$1"

# A section header always starts on a fresh line, even when the previous output lacked a trailing newline.
s() { printf '\\n%s %s\\n' "$M" "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
# t SECONDS CMD ARGS: a stuck driver or a dead D-Bus must not hang the whole probe.
if have timeout; then t() { timeout "$@"; }; else t() { shift; "$@"; }; fi

s begin ${PROBE_FORMAT_VERSION}
# lspci is not used below; it is listed so preflight can offer to install it for the tuning steps.
s missing-tools
for x in ethtool ip lsblk df lspci systemd-detect-virt timedatectl timeout; do have "$x" || echo "$x"; done

s hostname; cat /proc/sys/kernel/hostname 2>/dev/null || hostname 2>/dev/null
s os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
s kernel; uname -r
s cmdline; cat /proc/cmdline 2>/dev/null
s cpuinfo
for k in 'model name' vendor_id flags; do sed -n "/^$k[[:space:]]*:/{p;q;}" /proc/cpuinfo 2>/dev/null; done

# grep with /dev/null as an extra file prints "path:value" even when only one file matches.
T=/sys/devices/system/cpu
s cpu-online; cat "$T/online" 2>/dev/null
s cpu-topology
# One grep per attribute keeps the argument list well under ARG_MAX on hosts with thousands of CPUs.
for a in physical_package_id core_id thread_siblings_list; do grep '' "$T"/cpu[0-9]*/topology/"$a" /dev/null 2>/dev/null; done
N=/sys/devices/system/node
s numa
grep '' "$N"/node[0-9]*/cpulist /dev/null 2>/dev/null
grep MemTotal "$N"/node[0-9]*/meminfo /dev/null 2>/dev/null
s meminfo; cat /proc/meminfo 2>/dev/null
s hugepages
grep '' /sys/kernel/mm/hugepages/hugepages-*/nr_hugepages /sys/kernel/mm/hugepages/hugepages-*/free_hugepages /dev/null 2>/dev/null
s thp; cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null

# One sh per NIC runs its four ethtool queries under one timeout (see ETHTOOL_QUERIES).
Q='${ETHTOOL_QUERIES}'
E=; have ethtool && E=1
for d in /sys/class/net/*; do
  [ -e "$d" ] || continue
  i="\${d##*/}"
  [ "$i" = lo ] && continue
  s nic "$i"
  p=
  [ -e "$d/device" ] && p="$(readlink -f "$d/device" 2>/dev/null)"
  # virtio (and other buses) hang the netdev's device below the PCI function: read PCI facts from the parent.
  case "\${p##*/}" in ????:??:??.?) ;; *) case "\${p%/*}" in */????:??:??.?) p="\${p%/*}" ;; esac ;; esac
  printf 'device=%s\\n' "$p"
  if [ -e "$d/device/physfn" ]; then echo physfn=1; else echo physfn=0; fi
  # Every attribute in one grep, as path:value lines; an unreadable one (carrier while admin-down) is left out.
  # The driver is the DRIVER= line of the device's uevent: no readlink of device/driver. $1 is saved in CONN.
  set -- "$d/address" "$d/mtu" "$d/operstate" "$d/carrier" "$d/speed" "$d/type" "$d/device/uevent"
  [ -n "$p" ] && set -- "$@" "$p/numa_node" "$p/local_cpulist" "$p/vendor" "$p/device" "$p/sriov_totalvfs" "$p/sriov_numvfs"
  grep '' "$@" /dev/null 2>/dev/null
  [ -n "$E" ] && t 10 sh -c "$Q" sh "$M" "$i"
done

if have ip; then
  s ip-link; t 10 ip -j -d link show 2>&1
  s ip-addr; t 10 ip -j addr show 2>&1
fi
# Only address characters survive into a command line; anything else in $1 is dropped.
c="\${CONN%% *}"
case "$c" in *[!0-9A-Fa-f:.]*) c= ;; esac
s ssh-connection; printf '%s\\n' "$CONN" | tr -cd '0-9A-Fa-f:. \\n'
s route-mgmt "$c"
[ -n "$c" ] && have ip && t 10 ip -o route get "$c" 2>&1
s route-default
if have ip; then t 10 ip -o route show default 2>&1; t 10 ip -o -6 route show default 2>&1; fi
s proc-net-route; cat /proc/net/route 2>/dev/null

s lsblk; have lsblk && t 10 lsblk -J -b -o NAME,SIZE,TYPE,ROTA,MODEL,MOUNTPOINT 2>&1
s sys-block
grep '' /sys/block/*/size /sys/block/*/queue/rotational /sys/block/*/device/model /dev/null 2>/dev/null
# -l keeps network mounts out: a dead NFS server would block df forever.
s df
if df -P -B1 / >/dev/null 2>&1; then t 10 df -P -B1 -l 2>/dev/null; else t 10 df -P -k -l 2>/dev/null; fi

s iommu
for g in /sys/class/iommu/*; do [ -e "$g" ] && echo "class \${g##*/}"; done
n=0; for g in /sys/kernel/iommu_groups/*; do [ -e "$g" ] && n=$((n+1)); done; echo "groups $n"

s virt; have systemd-detect-virt && t 10 systemd-detect-virt 2>/dev/null
s virt-hints
grep -q '^flags.*[[:space:]]hypervisor' /proc/cpuinfo 2>/dev/null && echo hypervisor-flag
[ -e /.dockerenv ] && echo 'container docker'
[ -e /run/.containerenv ] && echo 'container podman'
tr '\\000' '\\n' 2>/dev/null </proc/1/environ | sed -n 's/^container=/container /p'
printf 'dmi-vendor %s\\n' "$(cat /sys/class/dmi/id/sys_vendor 2>/dev/null)"
printf 'dmi-product %s\\n' "$(cat /sys/class/dmi/id/product_name 2>/dev/null)"

s time
echo "epoch=$(date +%s)"
# systemd-timesyncd creates this file once it has synchronized: that answer needs no D-Bus. timedatectl asks
# systemd-timedated over D-Bus, which can take seconds right after boot, so it is the fallback and gets 2 s;
# after a timeout no NTPSynchronized line comes, i.e. "unknown".
if [ -e /run/systemd/timesync/synchronized ]; then echo timesyncd-synchronized=yes
elif have timedatectl; then t 2 timedatectl show 2>&1; fi
s ntp-procs
grep -h -x -e chronyd -e ntpd -e systemd-timesyn -e openntpd -e ptp4l -e phc2sys -e timemaster /proc/[0-9]*/comm 2>/dev/null | sort -u
s end
`;

/**
 * The probe script for one run. `marker` is a fresh nonce from `newProbeMarker()`: host data is untrusted, and
 * only lines starting with the nonce are section boundaries, so a hostname or cmdline cannot fake a section.
 */
export function buildProbeScript(marker: string): string {
  if (!isValidProbeMarker(marker)) {
    throw new Error('probe marker must be 16-128 characters of [A-Za-z0-9@_.:+=-]');
  }
  return `LC_ALL=C; export LC_ALL\nM='${marker}'\n${SCRIPT_BODY.trimStart()}`;
}
