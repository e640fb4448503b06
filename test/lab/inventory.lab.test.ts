/**
 * `picket inventory` against real lab hosts, as a user runs it: the happy path, every kind of bad input
 * (each reported on one line for its host while the others still report), degraded hosts, and secrets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostInventory } from '../../provisioning/inventory/host-inventory.ts';
import { hostLayout, NOWHERE_ADDRESS } from './lab-layout.ts';
import type { LabHost } from './lab.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { runPicket } from '../support/run-picket.ts';
import { onLabHost as onHost } from '../support/host-snapshot.ts';

interface JsonResult {
  host: string;
  ok: boolean;
  inventory?: HostInventory;
  error?: string;
}

let hosts: LabHost[];
let work: string;

async function labFile(selected: LabHost[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'picket-labfile-'));
  await writeFile(join(dir, 'hosts.json'), JSON.stringify({ hosts: selected }));
  return join(dir, 'hosts.json');
}

function parse(stdout: string): JsonResult[] {
  return JSON.parse(stdout) as JsonResult[];
}

beforeAll(async () => {
  hosts = await labHosts();
  work = await mkdtemp(join(tmpdir(), 'picket-inv-'));
});

describe('picket inventory --lab', () => {
  it('reports every host with NUMA nodes, veth NICs, one management NIC and tunable capture NICs', async () => {
    const run = await runPicket(['inventory', '--lab', '--lab-file', await labFile(hosts.slice(0, 3)), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = parse(run.stdout);
    expect(results.map((r) => [r.host, r.ok])).toEqual([['lab-1', true], ['lab-2', true], ['lab-3', true]]);
    for (const { inventory } of results) {
      const inv = inventory!;
      expect(inv.cpu.numaNodes.length).toBeGreaterThanOrEqual(1);
      expect(inv.cpu.numaNodes.flatMap((n) => n.cpus).sort()).toEqual([...inv.cpu.onlineCpus].sort());
      expect(inv.os.id).toBe('debian');
      expect(inv.virtualization).toBe('systemd-nspawn');
      // The root is an overlay, on no block device: free space still comes from the filesystem list.
      expect(inv.filesystems.find((f) => f.path === '/')?.freeBytes).toBeGreaterThan(0);
      const veths = inv.nics.filter((n) => n.driver === 'veth');
      expect(veths.length).toBeGreaterThanOrEqual(3);
      const management = inv.nics.filter((n) => n.isManagement);
      expect(management.map((n) => n.name)).toEqual(['mgmt0']);
      expect(inv.managementNic).toBe('mgmt0');
      for (const name of ['cap0', 'cap1']) {
        const nic = inv.nics.find((n) => n.name === name)!;
        expect(nic.isManagement).toBe(false);
        expect(nic.channels?.max.rx).toBeGreaterThanOrEqual(1);
        expect(nic.offloads?.['generic-receive-offload']).toMatchObject({ fixed: false });
        expect(nic.addresses).toEqual([]);
      }
    }
    expect(new Set(results.map((r) => r.inventory!.hostname)).size).toBe(3);
  });

  it('prints a per-host summary with a NIC table that marks the management NIC', async () => {
    const run = await runPicket(['inventory', '--lab', '--lab-file', await labFile(hosts.slice(0, 1))]);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(`lab-1  ${hosts[0]!.address}  lab-1  Debian GNU/Linux 12`)).toBe(true);
    expect(run.stdout).toMatch(/\n {2}NIC +DRIVER +PCI +NUMA +SPEED +LINK +MTU/);
    expect(run.stdout).toMatch(/\n {2}mgmt0 +veth .*MANAGEMENT \(never touched\)\n/);
    expect(run.stdout).toContain('1 of 1 hosts inventoried');
  });
});

describe('bad input: one line for the failing host, the others still report', () => {
  it('an unreachable address', async () => {
    const [a] = hosts;
    const run = await runPicket(['inventory', `root@${a!.address}`, `root@${NOWHERE_ADDRESS}`, '-i', a!.identityFile, '--accept-new-host-keys', '--known-hosts', join(work, 'kh1'), '--json']);
    expect(run.code).toBe(1);
    const [ok, bad] = parse(run.stdout);
    expect(ok!.ok).toBe(true);
    expect(bad).toEqual({ host: `root@${NOWHERE_ADDRESS}`, ok: false, error: `root@${NOWHERE_ADDRESS}: no route to ${NOWHERE_ADDRESS}:22 (check the address and the network path)` });
  });

  it('a wrong password', async () => {
    const [a, b] = hosts;
    const run = await runPicket(
      ['inventory', `root@${a!.address}`, `${b!.sudoUser}@${b!.address}`, '-i', a!.identityFile, '--password-stdin', '--accept-new-host-keys', '--known-hosts', join(work, 'kh2'), '--json'],
      { stdin: 'definitely-wrong\n' },
    );
    expect(run.code).toBe(1);
    const [ok, bad] = parse(run.stdout);
    expect(ok!.ok).toBe(true);
    expect(bad!.error).toBe(`fieldops@${b!.address}: authentication failed as fieldops (tried key ${a!.identityFile}, password, keyboard-interactive; the server accepts publickey, password, keyboard-interactive)`);
  });

  it('a wrong key', async () => {
    const [, b, c] = hosts;
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(work, 'stranger')]);
    const run = await runPicket(
      ['inventory', `root@${b!.address}`, `${c!.sudoUser}@${c!.address}`, '-i', join(work, 'stranger'), '--password-stdin', '--accept-new-host-keys', '--known-hosts', join(work, 'kh3'), '--json'],
      { stdin: `${c!.sudoPassword}\n` },
    );
    expect(run.code).toBe(1);
    const [bad, ok] = parse(run.stdout);
    expect(bad!.error).toBe(`root@${b!.address}: authentication failed as root (tried key ${join(work, 'stranger')}, password, keyboard-interactive; the server accepts publickey, password, keyboard-interactive)`);
    expect(ok!.ok).toBe(true);
  });

  it('a changed host key', async () => {
    const [a, b] = hosts;
    const knownHosts = join(work, 'kh4');
    const first = await runPicket(['inventory', `root@${a!.address}`, `root@${b!.address}`, '-i', a!.identityFile, '--accept-new-host-keys', '--known-hosts', knownHosts, '--json']);
    expect(first.code).toBe(0);
    // Swap the two pins: each host now offers a key other than the one pinned for it.
    const lines = (await readFile(knownHosts, 'utf8')).trim().split('\n');
    const keyOf = (addr: string) => lines.find((l) => l.startsWith(`${addr} `))!.split(' ').slice(1).join(' ');
    await writeFile(knownHosts, `${a!.address} ${keyOf(a!.address)}\n${b!.address} ${keyOf(a!.address)}\n`);
    const run = await runPicket(['inventory', `root@${a!.address}`, `root@${b!.address}`, '-i', a!.identityFile, '--accept-new-host-keys', '--known-hosts', knownHosts, '--json']);
    expect(run.code).toBe(1);
    const [ok, bad] = parse(run.stdout);
    expect(ok!.ok).toBe(true);
    expect(bad!.error).toMatch(new RegExp(`^root@${b!.address.replaceAll('.', '\\.')}: HOST KEY MISMATCH: pinned ED25519 SHA256:\\S+, offered ED25519 SHA256:\\S+\\. `));
    expect(bad!.error!.split('\n')).toHaveLength(1);
  });

  it('an unknown host key without --accept-new-host-keys (not a terminal)', async () => {
    const [a] = hosts;
    const run = await runPicket(['inventory', `root@${a!.address}`, '-i', a!.identityFile, '--known-hosts', join(work, 'kh5'), '--json']);
    expect(run.code).toBe(1);
    expect(parse(run.stdout)[0]!.error).toMatch(/: unknown host key ED25519 SHA256:\S+: check it against the host's console, then confirm it \(CLI: --accept-new-host-keys\)$/);
  });

  it('a user without sudo', async () => {
    const [a, , c] = hosts;
    const run = await runPicket(
      ['inventory', `root@${a!.address}`, `${c!.noSudoUser}@${c!.address}`, '-i', a!.identityFile, '--password-stdin', '--sudo', '--accept-new-host-keys', '--known-hosts', join(work, 'kh6'), '--json'],
      { stdin: `${c!.noSudoPassword}\n` },
    );
    expect(run.code).toBe(1);
    const [ok, bad] = parse(run.stdout);
    expect(ok!.ok).toBe(true);
    expect(bad!.error).toBe(`guest@${c!.address}: guest may not use sudo here (add it to the sudo group, or log in as root)`);
  });

  it('a host that drops mid-probe', async () => {
    const [a, , , d] = hosts;
    // Slow lab-4's probe down at its first ethtool call, then cut lab-4 off while the probe is running.
    onHost(d!, `printf '#!/bin/sh\\nsleep 3\\nexec /usr/sbin/ethtool "$@"\\n' > /usr/local/sbin/ethtool && chmod +x /usr/local/sbin/ethtool`);
    try {
      let cut: NodeJS.Timeout | undefined;
      const run = await runPicket(
        ['inventory', `root@${a!.address}`, `root@${d!.address}`, '-i', a!.identityFile, '--accept-new-host-keys', '--known-hosts', join(work, 'kh7'), '--json'],
        { onStart: () => (cut = setTimeout(() => execFileSync('ip', ['link', 'set', hostLayout(4).managementLink, 'down']), 1500)) },
      );
      clearTimeout(cut);
      expect(run.code).toBe(1);
      const [ok, bad] = parse(run.stdout);
      expect(ok!.ok).toBe(true);
      expect(bad!.error).toBe(`root@${d!.address}: connection lost during inventory probe`);
    } finally {
      execFileSync('ip', ['link', 'set', hostLayout(4).managementLink, 'up']);
      onHost(d!, 'rm -f /usr/local/sbin/ethtool');
    }
  });

  it('refuses malformed host arguments before touching any host', async () => {
    const run = await runPicket(['inventory', 'root@$(reboot)', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('picket inventory: "root@$(reboot)": not a host name or address (expected [user@]host[:port])\n');
  });
});

describe('degraded and non-root hosts', () => {
  it('falls back to /sys and /proc on a host without ethtool and lspci, and says what was missing', async () => {
    const d = hosts[3]!;
    onHost(d, 'mv /usr/sbin/ethtool /usr/sbin/ethtool.hidden && mv /usr/bin/lspci /usr/bin/lspci.hidden');
    try {
      const run = await runPicket(['inventory', '--lab', '--lab-file', await labFile([d]), '--json']);
      expect(run.code).toBe(0);
      const inv = parse(run.stdout)[0]!.inventory!;
      expect(inv.missingTools).toEqual(expect.arrayContaining(['ethtool', 'lspci']));
      const cap0 = inv.nics.find((n) => n.name === 'cap0')!;
      expect(cap0.kind).toBe('veth');
      expect(cap0.mtu).toBe(1500);
      expect(cap0.offloads).toBeNull();
      expect(inv.nics.filter((n) => n.isManagement).map((n) => n.name)).toEqual(['mgmt0']);
    } finally {
      onHost(d, 'mv /usr/sbin/ethtool.hidden /usr/sbin/ethtool; mv /usr/bin/lspci.hidden /usr/bin/lspci');
    }
  });

  it('inventories through sudo for a non-root login, with the same facts as root', async () => {
    const c = hosts[2]!;
    const run = await runPicket(
      ['inventory', `${c.sudoUser}@${c.address}`, `root@${c.address}`, '-i', c.identityFile, '--password-stdin', '--sudo', '--accept-new-host-keys', '--known-hosts', join(work, 'kh8'), '--json'],
      { stdin: `${c.sudoPassword}\n` },
    );
    expect(run.code).toBe(0);
    const [viaSudo, asRoot] = parse(run.stdout);
    const nicFacts = (inv: HostInventory) => inv.nics.map((n) => [n.name, n.driver, n.isManagement, n.channels, n.offloads]);
    expect(nicFacts(viaSudo!.inventory!)).toEqual(nicFacts(asRoot!.inventory!));
    expect(viaSudo!.inventory!.cpu).toEqual(asRoot!.inventory!.cpu);
  });
});

describe('secrets', () => {
  it('a canary password appears in no output, file or host log', async () => {
    const c = hosts[2]!;
    const b = hosts[1]!;
    const dir = await mkdtemp(join(tmpdir(), 'picket-canary-'));
    const canary = `canary-${Date.now().toString(36)}-Zq7`;
    // The real sudo password is a random string too: it must not leak on success either.
    const runs = [
      await runPicket(['inventory', `${c.sudoUser}@${c.address}`, '--password-stdin', '--sudo', '--accept-new-host-keys', '--known-hosts', join(dir, 'known_hosts'), '--json'], { stdin: `${c.sudoPassword}\n` }),
      await runPicket(['inventory', `${c.sudoUser}@${c.address}`, '--password-stdin', '--sudo', '--accept-new-host-keys', '--known-hosts', join(dir, 'known_hosts')], { stdin: `${c.sudoPassword}\n` }),
      await runPicket(['inventory', `${b.sudoUser}@${b.address}`, '--password-stdin', '--accept-new-host-keys', '--known-hosts', join(dir, 'known_hosts'), '--json'], { stdin: `${canary}\n` }),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 1]);
    for (const r of runs) {
      for (const secret of [canary, c.sudoPassword]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
    }
    for (const file of await readdir(dir)) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text).not.toContain(canary);
      expect(text).not.toContain(c.sudoPassword);
    }
    for (const host of [b, c]) {
      const journal = onHost(host, 'journalctl --no-pager -o cat 2>/dev/null; cat /var/log/auth.log 2>/dev/null; true');
      expect(journal.length).toBeGreaterThan(0);
      expect(journal).not.toContain(canary);
      expect(journal).not.toContain(host.sudoPassword);
    }
  });
});

describe('first contact on a terminal', () => {
  /** Runs the CLI in a real pseudo-terminal and answers the host-key question. */
  async function answerHostKeyQuestion(answer: string, knownHosts: string): Promise<{ code: number; screen: string }> {
    const pty = await import('node-pty');
    const a = hosts[0]!;
    const term = pty.spawn(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs'), 'inventory', `root@${a.address}`, '-i', a.identityFile, '--known-hosts', knownHosts], {
      cols: 200,
      rows: 50,
      env: process.env as Record<string, string>,
    });
    let screen = '';
    let answered = false;
    return new Promise((resolve) => {
      term.onData((data) => {
        screen += data;
        if (!answered && screen.includes('Trust it? [y/N]')) {
          answered = true;
          term.write(`${answer}\r`);
        }
      });
      term.onExit(({ exitCode }) => resolve({ code: exitCode, screen }));
    });
  }

  it('shows the SHA-256 fingerprint, pins the key on yes and refuses on no', async () => {
    const a = hosts[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'picket-tty-'));
    const no = await answerHostKeyQuestion('n', join(dir, 'known_hosts'));
    expect(no.screen).toMatch(new RegExp(`${a.address.replaceAll('.', '\\.')}:22 offers host key ED25519 SHA256:[A-Za-z0-9+/]{43}\\. Trust it\\? \\[y/N\\]`));
    expect(no.code).toBe(1);
    expect(no.screen).toContain('unknown host key ED25519');
    const yes = await answerHostKeyQuestion('y', join(dir, 'known_hosts'));
    expect(yes.code).toBe(0);
    expect(yes.screen).toContain('1 of 1 hosts inventoried');
    expect(await readFile(join(dir, 'known_hosts'), 'utf8')).toMatch(new RegExp(`^${a.address.replaceAll('.', '\\.')} ssh-ed25519 `));
  });
});
