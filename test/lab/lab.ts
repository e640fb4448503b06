/**
 * The lab: real Debian 12 hosts booted with systemd-nspawn, each in its own network namespace with real
 * systemd and sshd, a management veth plugged into the lab's switch (a bridge this machine is on too) and two
 * veth capture ports.
 *
 * `up` converges on N running hosts (idempotent); `down` removes every host, mount, link and route the lab
 * made, found from the system itself rather than from a state file, so it also cleans up after a crash (and
 * after a lab of the earlier layout, where each host had a routed /30 to this machine).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  CAPTURE_NICS, captureMac, HOSTS_DIR, HOSTS_FILE, hostLayout, INSTALLER_ADDRESS, INSTANCE_DIR, LAB_DIR, LAB_INSTANCE, LAB_KNOWN_HOSTS, LAB_RANGE,
  LINK_PREFIX, MACHINE_PREFIX, MANAGEMENT_NIC, ROOTFS_DIR, SITE_PREFIX_LENGTH, SWITCH_LINK, type LabHostLayout,
} from './lab-layout.ts';
import { mapBounded } from '../../provisioning/shared/map-bounded.ts';
import { ensureRootfs, readCredentials, type LabCredentials } from './rootfs.ts';
import { mustRun, runLocal, until } from './run-local.ts';

/** One entry of .lab/hosts.json: everything a test or `picket inventory --lab` needs to reach a host. */
export interface LabHost {
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile: string;
  sudoUser: string;
  sudoPassword: string;
  noSudoUser: string;
  noSudoPassword: string;
  passphraseIdentityFile: string;
  identityPassphrase: string;
  managementNic: string;
  captureNics: string[];
  /** Installer-side ends of the capture veths (to replay traffic into a capture port). */
  capturePeers: string[];
  installerAddress: string;
  machine: string;
}

export interface LabHostsFile {
  hosts: LabHost[];
}

type Log = (line: string) => void;

const IP_FORWARD = '/proc/sys/net/ipv4/ip_forward';

function labHost(layout: LabHostLayout, credentials: LabCredentials): LabHost {
  return {
    name: layout.name,
    address: layout.address,
    port: 22,
    user: 'root',
    identityFile: credentials.rootIdentityFile,
    sudoUser: credentials.sudoUser,
    sudoPassword: credentials.sudoPassword,
    noSudoUser: credentials.noSudoUser,
    noSudoPassword: credentials.noSudoPassword,
    passphraseIdentityFile: credentials.passphraseIdentityFile,
    identityPassphrase: credentials.identityPassphrase,
    managementNic: MANAGEMENT_NIC,
    captureNics: [...CAPTURE_NICS],
    capturePeers: layout.captureLinks,
    installerAddress: layout.installerAddress,
    machine: layout.machine,
  };
}

/** Every nspawn machine on this machine whose name starts with `prefix`: name -> pid and root directory. */
async function nspawnMachines(prefix: string): Promise<Map<string, { pid: number; directory: string }>> {
  const found = new Map<string, { pid: number; directory: string }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (!args[0]?.endsWith('systemd-nspawn')) continue;
    const machine = args.find((a) => a.startsWith(`--machine=${prefix}`));
    const directory = args.find((a) => a.startsWith('--directory='))?.slice('--directory='.length) ?? '';
    if (machine) found.set(machine.slice('--machine='.length), { pid: Number(entry), directory });
  }
  return found;
}

/** Any lab host of any lab instance on this machine, if one runs. */
async function anyLabProcess(): Promise<string | undefined> {
  return [...(await nspawnMachines('picket-lab')).keys()][0];
}

/** This lab's nspawn processes, found in /proc so that hosts from a crashed run are found too. */
async function labProcesses(): Promise<Map<string, number>> {
  return new Map([...(await labProcessDetails())].map(([machine, p]) => [machine, p.pid]));
}

/** Machine name -> pid and root directory (a lab host of another checkout has its root elsewhere). */
function labProcessDetails(): Promise<Map<string, { pid: number; directory: string }>> {
  return nspawnMachines(MACHINE_PREFIX);
}

async function linkExists(name: string): Promise<boolean> {
  return (await runLocal('ip', ['link', 'show', 'dev', name])).code === 0;
}

/** This lab's links: host veths (management and capture ends) and the switch. */
async function labLinks(): Promise<string[]> {
  const out = await mustRun('ip', ['-j', 'link', 'show']);
  const links = JSON.parse(out) as { ifname: string }[];
  return links.map((l) => l.ifname).filter((n) => new RegExp(`^${LINK_PREFIX}(\\d+(m|c\\d+)|sw)$`).test(n));
}

/** The switch's MAC, fixed: a bridge otherwise takes its lowest port's, which changes as hosts restart. */
function switchMac(): string {
  return `02:50:${LAB_INSTANCE.toString(16).padStart(2, '0')}:ff:00:01`;
}

function sshAnswers(address: string, port = 22, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: timeoutMs });
    socket.once('data', (chunk) => {
      socket.destroy();
      resolve(chunk.toString('latin1').startsWith('SSH-'));
    });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

async function isMounted(path: string): Promise<boolean> {
  const mounts = await readFile('/proc/self/mounts', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[1] === path);
}

async function prepareOverlay(layout: LabHostLayout): Promise<string> {
  const upper = join(layout.dir, 'upper');
  const work = join(layout.dir, 'work');
  const merged = join(layout.dir, 'merged');
  const fresh = !(await readdir(upper).then(() => true, () => false));
  await mkdir(join(upper, 'etc/systemd/network'), { recursive: true });
  await mkdir(work, { recursive: true });
  await mkdir(merged, { recursive: true });
  if (fresh) {
    // A host keeps its overlay (machine id, host keys, tuning) across restarts until `down`.
    await writeFile(join(upper, 'etc/machine-id'), `${randomUUID().replaceAll('-', '')}\n`);
    await writeFile(join(upper, 'etc/hostname'), `${layout.name}\n`);
    await writeFile(join(upper, 'etc/hosts'), `127.0.0.1 localhost\n127.0.1.1 ${layout.name}\n`);
  }
  if (!(await isMounted(merged))) {
    await mustRun('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${ROOTFS_DIR},upperdir=${upper},workdir=${work}`, merged]);
  }
  // Written through the mounted overlay (never into the upper layer under a live mount), at every boot, so a host
  // made by the earlier layout (a /30 routed through the installer) moves onto the switch.
  // The management port is on the lab's switch: the installer and the other hosts are on-link, with no route
  // (and so no way) to anything beyond the lab.
  await writeFile(
    join(merged, 'etc/systemd/network/10-management.network'),
    `[Match]\nName=${MANAGEMENT_NIC}\n\n[Network]\nAddress=${layout.address}/${SITE_PREFIX_LENGTH}\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n`,
  );
  // Capture ports come up with no address, as a port cabled to a TAP or SPAN would be, and with a fixed MAC
  // (nspawn makes random ones at every boot): a spec that names them by name + MAC survives a restart.
  await rm(join(merged, 'etc/systemd/network/20-capture.network'), { force: true });
  for (const [c, nic] of CAPTURE_NICS.entries()) {
    await writeFile(
      join(merged, `etc/systemd/network/20-${nic}.network`),
      `[Match]\nName=${nic}\n\n[Link]\nMACAddress=${captureMac(layout.index, c)}\nActivationPolicy=up\nRequiredForOnline=no\n\n` +
        `[Network]\nLinkLocalAddressing=no\nIPv6AcceptRA=no\nConfigureWithoutCarrier=yes\n`,
    );
  }
  return merged;
}

/** Boots one host (if not running) and waits until its sshd answers. */
/** Waits until the host finished booting: before that, pam_nologin refuses every user but root. */
async function waitForBoot(layout: LabHostLayout, identityFile: string): Promise<void> {
  const result = await runLocal('ssh', [
    '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    '-o', 'ConnectTimeout=10', '-i', identityFile, `root@${layout.address}`, 'systemctl is-system-running --wait',
  ], { timeout: 90_000 });
  const state = result.stdout.trim();
  if (state !== 'running' && state !== 'degraded') {
    throw new Error(`${layout.name} did not finish booting (state ${JSON.stringify(state)}): see ${join(layout.dir, 'console.log')}`);
  }
}

export async function startHost(layout: LabHostLayout, log: Log): Promise<void> {
  const identityFile = (await readCredentials()).rootIdentityFile;
  const running = (await labProcessDetails()).get(layout.machine);
  const ours = running?.directory === join(layout.dir, 'merged');
  if (running && ours && (await onSwitch(layout)) && (await sshAnswers(layout.address))) return;
  // A host that does not answer, one of the earlier layout, or one booted from another checkout's lab (other
  // keys), is replaced.
  if (running) await stopHost(layout);
  if (running && !ours) await unmountStale(running.directory);
  const merged = await prepareOverlay(layout);
  const machineId = (await readFile(join(layout.dir, 'upper/etc/machine-id'), 'utf8')).trim();
  const logFile = await open(join(layout.dir, 'console.log'), 'a');
  const args = [
    `--directory=${merged}`, '--boot', `--machine=${layout.machine}`, `--uuid=${machineId}`,
    '--private-network', `--network-veth-extra=${layout.managementLink}:${MANAGEMENT_NIC}`,
    ...layout.captureLinks.map((link, c) => `--network-veth-extra=${link}:${CAPTURE_NICS[c]}`),
    '--capability=CAP_NET_ADMIN,CAP_SYS_ADMIN', '--register=no', '--keep-unit', '--console=passive',
  ];
  // A supervisor shell boots the container again when it reboots itself (nspawn exits 133 on a reboot
  // request), and plugs the new management veth into the switch each time, as a real host's cable simply stays
  // in its switch port. Its text is fixed; the host's values arrive as arguments.
  const supervisor = [
    'links=$1; switch=$2; host=$3; installer=$4; shift 4',
    'while :; do',
    // No IPv6 on the installer's side of lab links: the kernel's own MLD and ND packets would otherwise appear on
    // capture ports, which must carry only traffic a test injects.
    '  ( for l in $links; do i=0; while [ $i -lt 400 ] && ! ip link show dev "$l" >/dev/null 2>&1; do sleep 0.05; i=$((i+1)); done;',
    '      echo 1 > "/proc/sys/net/ipv6/conf/$l/disable_ipv6" 2>/dev/null; done',
    '    ip link set "${links%% *}" master "$switch"',
    '    for l in $links; do ip link set "$l" up; done',
    // The host's own route: lab addresses with no host behind them stay unreachable (they fail at once).
    '    ip route replace "$host/32" dev "$switch" src "$installer" ) &',
    '  systemd-nspawn "$@"; rc=$?',
    '  [ "$rc" -eq 133 ] || exit "$rc"',
    'done',
  ].join('\n');
  const links = [layout.managementLink, ...layout.captureLinks].join(' ');
  const child = spawn('sh', ['-c', supervisor, 'picket-lab-supervisor', links, SWITCH_LINK, layout.address, INSTALLER_ADDRESS, ...args], {
    detached: true,
    stdio: ['ignore', logFile.fd, logFile.fd],
  });
  child.unref();
  await logFile.close();
  await until(`${layout.name}: its management link ${layout.managementLink} on the switch ${SWITCH_LINK}`, 20_000, async () =>
    (await onSwitch(layout)) ? true : undefined,
  );
  await until(`${layout.name}: sshd on ${layout.address}`, 90_000, async () =>
    (await sshAnswers(layout.address)) ? true : undefined,
  );
  await waitForBoot(layout, identityFile);
  log(`${layout.name} up at ${layout.address}`);
}

/** Powers a host off (its overlay stays, so a restart keeps its state), killing it if it will not stop. */
export async function stopHost(layout: LabHostLayout): Promise<void> {
  const pid = (await labProcesses()).get(layout.machine);
  // The host may have gone by itself between the look-up and the signal.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid!, sig);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  if (pid !== undefined) {
    signal('SIGTERM'); // nspawn asks the container's systemd for a clean poweroff
    const stopped = await until(`${layout.name} to power off`, 15_000, async () =>
      (await labProcesses()).has(layout.machine) ? undefined : true,
    ).catch(() => false);
    if (!stopped) {
      signal('SIGKILL');
      await until(`${layout.name} to die`, 5_000, async () => ((await labProcesses()).has(layout.machine) ? undefined : true));
    }
  }
  for (const link of [layout.managementLink, ...layout.captureLinks]) {
    if (await linkExists(link)) await runLocal('ip', ['link', 'del', link]);
  }
}

export async function restartHost(layout: LabHostLayout, log: Log): Promise<void> {
  await stopHost(layout);
  await startHost(layout, log);
}

/** Whether the host's management port is plugged into the switch (a host of the earlier layout is not). */
async function onSwitch(layout: LabHostLayout): Promise<boolean> {
  const out = await runLocal('ip', ['-j', 'link', 'show', 'dev', layout.managementLink]);
  if (out.code !== 0) return false;
  const [link] = JSON.parse(out.stdout) as { master?: string }[];
  return link?.master === SWITCH_LINK;
}

/** Unmounts the overlay of a replaced host of this lab (booted from another folder of this checkout's lab). */
async function unmountStale(directory: string): Promise<void> {
  if (directory.startsWith(`${LAB_DIR}/`) && (await isMounted(directory))) await mustRun('umount', [directory]);
}

/**
 * The site network: the switch (a bridge) carrying the installer's address. Hosts reach each other across it
 * at layer 2, so the installer forwards nothing; each host's /32 route is added as it plugs in, and the rest of
 * the lab's range is unreachable, so an address with no host behind it fails at once instead of waiting on ARP
 * or leaving through the default route.
 */
async function ensureSwitch(): Promise<void> {
  if (!(await linkExists(SWITCH_LINK))) {
    await mustRun('ip', ['link', 'add', 'name', SWITCH_LINK, 'address', switchMac(), 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
  }
  // No IPv6 on the switch either (no MLD or ND of the installer's own on lab links).
  await writeFile(`/proc/sys/net/ipv6/conf/${SWITCH_LINK}/disable_ipv6`, '1\n').catch(() => undefined);
  await mustRun('ip', ['addr', 'replace', `${INSTALLER_ADDRESS}/${SITE_PREFIX_LENGTH}`, 'dev', SWITCH_LINK, 'noprefixroute']);
  await mustRun('ip', ['link', 'set', SWITCH_LINK, 'up']);
  const routes = await mustRun('ip', ['route', 'show', 'type', 'unreachable', LAB_RANGE]);
  if (!routes.trim()) await mustRun('ip', ['route', 'add', 'unreachable', LAB_RANGE]);
}

/** An earlier layout routed between hosts through this machine and turned forwarding on: put it back. */
async function restoreForwarding(): Promise<void> {
  const saved = join(LAB_DIR, 'ip_forward.before');
  const before = await readFile(saved, 'utf8').catch(() => undefined);
  // A lab of that layout still running (another instance) needs it on: then the last one down restores it.
  if (before !== undefined && (await anyLabProcess()) === undefined) {
    await writeFile(IP_FORWARD, before);
    await rm(saved);
  }
}

export async function readLabHosts(): Promise<LabHostsFile> {
  return JSON.parse(await readFile(HOSTS_FILE, 'utf8')) as LabHostsFile;
}

export async function up(count: number, log: Log): Promise<LabHostsFile> {
  const credentials = await ensureRootfs(log);
  await ensureSwitch();
  const wanted = Array.from({ length: count }, (_, i) => hostLayout(i + 1));
  // Hosts beyond the requested count are stopped, so `up` converges on exactly N.
  for (const machine of (await labProcesses()).keys()) {
    const index = Number(machine.slice(MACHINE_PREFIX.length));
    if (index > count) await removeHost(hostLayout(index));
  }
  await forgetPinsBeyond(count);
  await mapBounded(wanted, 4, (layout) => startHost(layout, log));
  const file: LabHostsFile = { hosts: wanted.map((layout) => labHost(layout, credentials)) };
  await mkdir(HOSTS_DIR, { recursive: true, mode: 0o700 });
  await writeFile(HOSTS_FILE, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  return file;
}

/** Removed hosts come back with new keys: their pins in the lab's known_hosts must go with them. */
async function forgetPinsBeyond(count: number): Promise<void> {
  const file = LAB_KNOWN_HOSTS;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return;
  const keep = new Set(Array.from({ length: count }, (_, i) => hostLayout(i + 1).address));
  const lines = text.split('\n').filter((line) => line.trim() === '' || keep.has(line.split(/\s+/)[0] ?? ''));
  await writeFile(file, lines.join('\n'), { mode: 0o600 });
}

async function removeHost(layout: LabHostLayout): Promise<void> {
  const directory = (await labProcessDetails()).get(layout.machine)?.directory;
  await stopHost(layout);
  if (directory !== undefined) await unmountStale(directory);
  const merged = join(layout.dir, 'merged');
  if (await isMounted(merged)) await mustRun('umount', [merged]);
  await rm(layout.dir, { recursive: true, force: true });
}

export async function down(log: Log): Promise<void> {
  const indexes = new Set<number>();
  for (const machine of (await labProcesses()).keys()) indexes.add(Number(machine.slice(MACHINE_PREFIX.length)));
  for (const dir of await readdir(HOSTS_DIR).catch(() => [] as string[])) {
    const m = /^lab-(\d+)$/.exec(dir);
    if (m) indexes.add(Number(m[1]));
  }
  await mapBounded([...indexes].sort((a, b) => a - b), 8, async (index) => {
    await removeHost(hostLayout(index));
    log(`lab-${index} removed`);
  });
  // Host veths, and the switch (with it go the hosts' routes and the installer's address), even one left by a crash.
  for (const link of await labLinks()) await runLocal('ip', ['link', 'del', link]);
  await runLocal('ip', ['route', 'del', 'unreachable', LAB_RANGE]);
  await restoreForwarding();
  await rm(HOSTS_FILE, { force: true });
  // The hosts are gone and the next `up` makes new host keys: their pins must go too.
  await rm(LAB_KNOWN_HOSTS, { force: true });
  if (INSTANCE_DIR !== LAB_DIR) {
    await rmdir(HOSTS_DIR).catch(() => undefined);
    await rmdir(INSTANCE_DIR).catch(() => undefined);
  }
}

export interface LabStatus {
  name: string;
  address: string;
  running: boolean;
  sshAnswers: boolean;
}

export async function status(): Promise<LabStatus[]> {
  const running = await labProcesses();
  const file = await readLabHosts().catch(() => ({ hosts: [] }) as LabHostsFile);
  return Promise.all(
    file.hosts.map(async (h) => ({
      name: h.name,
      address: h.address,
      running: running.has(h.machine),
      sshAnswers: await sshAnswers(h.address),
    })),
  );
}

/** What `down` must leave empty: used by tests to prove a clean teardown. */
export async function leftovers(): Promise<{ processes: string[]; links: string[]; mounts: string[]; route: boolean }> {
  const mounts = (await readFile('/proc/self/mounts', 'utf8'))
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((p) => p.startsWith(HOSTS_DIR));
  const route = (await mustRun('ip', ['route', 'show', 'type', 'unreachable', LAB_RANGE])).trim() !== '';
  return { processes: [...(await labProcesses()).keys()], links: await labLinks(), mounts, route };
}
