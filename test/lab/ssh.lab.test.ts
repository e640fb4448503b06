/** The SSH layer against real lab hosts: exec, host keys, every auth method, sudo, jump host, SFTP, drops. */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostConnection, type HostKeyOffer } from '../../provisioning/ssh/connection.ts';
import { HostError } from '../../provisioning/ssh/host-error.ts';
import { KnownHosts } from '../../provisioning/ssh/known-hosts.ts';
import { Secret } from '../../provisioning/ssh/secret.ts';
import { argv, sh } from '../../provisioning/ssh/shell-quote.ts';
import { download, upload } from '../../provisioning/ssh/sftp-transfer.ts';
import { hostLayout, NOWHERE_ADDRESS } from './lab-layout.ts';
import type { LabHost } from './lab.ts';
import { acceptingOptions, freshKnownHosts, labHosts, rootTarget, sudoTarget } from '../support/lab-hosts.ts';
import { onLabHost } from '../support/host-snapshot.ts';

let hosts: LabHost[];
const opened: HostConnection[] = [];
function track(connection: HostConnection): HostConnection {
  opened.push(connection);
  return connection;
}

async function rejection(promise: Promise<unknown>): Promise<HostError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof HostError)) throw new Error(`expected a HostError, got ${String(error)}`);
  return error;
}

/** The host's own view of its ed25519 key fingerprint, read with the system ssh client. */
function hostFingerprint(host: LabHost): string {
  return onLabHost(host, 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub').split(' ')[1] ?? '';
}

beforeAll(async () => {
  hosts = await labHosts();
});

afterAll(() => {
  for (const c of opened) c.close();
});

describe('exec over one connection', () => {
  it('streams stdout as it arrives, keeps stderr apart and returns the exit code', async () => {
    const c = track(new HostConnection(rootTarget(hosts[0]!), await acceptingOptions()));
    const arrivals: number[] = [];
    const started = Date.now();
    const result = await c.exec(sh`for i in 1 2 3; do echo $i; sleep 0.3; done; echo oops >&2; exit 7`, {
      onStdout: () => arrivals.push(Date.now() - started),
    });
    expect(result.stdout).toBe('1\n2\n3\n');
    expect(result.stderr).toBe('oops\n');
    expect(result.exitCode).toBe(7);
    // Streamed, not buffered to the end: the first line came well before the last.
    expect(arrivals.length).toBeGreaterThanOrEqual(3);
    expect(arrivals[arrivals.length - 1]! - arrivals[0]!).toBeGreaterThan(400);
  });

  it('multiplexes concurrent commands over one connection', async () => {
    const c = track(new HostConnection(rootTarget(hosts[0]!), await acceptingOptions()));
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => c.exec(sh`sleep 0.2; echo ${`channel ${i}`}; echo "$PPID"`)));
    results.forEach((r, i) => expect(r.stdout.split('\n')[0]).toBe(`channel ${i}`));
    // One TCP connection: every command's sshd session parent belongs to a single connection's process tree.
    const sessions = await c.run(sh`ss -tnp state established '( sport = :22 )' | grep -c sshd || true`);
    expect(Number(sessions.trim())).toBeGreaterThanOrEqual(1);
  });

  it('carries hostile data as data', async () => {
    const c = track(new HostConnection(rootTarget(hosts[0]!), await acceptingOptions()));
    const hostile = ['eth0;reboot', '$(id)', '`id`', "it's", 'a\nb', 'ünïcødé ✓', '; rm -rf / #'];
    const result = await c.exec(argv(['printf', '%s\\0', ...hostile]));
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(hostile);
  });

  it('times out a command, kills it on the host and says which command', async () => {
    const c = track(new HostConnection(rootTarget(hosts[0]!), await acceptingOptions()));
    const marker = `picket-timeout-${randomBytes(4).toString('hex')}`;
    const error = await rejection(c.exec(sh`sleep 30; echo ${marker}`, { timeoutMs: 500, purpose: 'slow step' }));
    expect(error.kind).toBe('timeout');
    expect(error.message).toBe('lab-1: slow step did not finish within 1 s');
    const left = await c.exec(sh`for i in 1 2 3 4 5 6 7 8 9 10; do pgrep -f ${`[${marker[0]}]${marker.slice(1)}`} >/dev/null || exit 0; sleep 0.2; done; exit 1`);
    expect(left.exitCode).toBe(0);
  });

  it('cancels through an AbortSignal', async () => {
    const c = track(new HostConnection(rootTarget(hosts[0]!), await acceptingOptions()));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await rejection(c.exec(sh`sleep 30`, { signal: controller.signal, purpose: 'probe' }));
    expect(error.kind).toBe('cancelled');
  });
});

describe('host keys', () => {
  it('asks on first contact with the SHA-256 fingerprint the host itself reports, and pins it', async () => {
    const host = hosts[1]!;
    const knownHosts = await freshKnownHosts();
    const offers: HostKeyOffer[] = [];
    const refuse = new HostConnection(rootTarget(host), { hostKeys: { knownHosts, confirmNewHost: async (o) => (offers.push(o), false) } });
    const error = await rejection(refuse.connect());
    expect(error.kind).toBe('host-key-unknown');
    expect(error.retryable).toBe(false);
    const fingerprint = hostFingerprint(host);
    expect(offers).toHaveLength(1);
    expect(offers[0]!.fingerprint).toBe(fingerprint);
    expect(error.message).toContain(fingerprint);
    expect(error.message).toMatch(/^lab-2: unknown host key ED25519 SHA256:/);

    const accept = track(new HostConnection(rootTarget(host), { hostKeys: { knownHosts, confirmNewHost: async () => true } }));
    await accept.connect();
    const pinned = await readFile(knownHosts.file, 'utf8');
    expect(pinned).toMatch(new RegExp(`^${host.address.replaceAll('.', '\\.')} ssh-ed25519 [A-Za-z0-9+/=]+\\n$`));

    let askedAgain = false;
    const again = track(new HostConnection(rootTarget(host), { hostKeys: { knownHosts, confirmNewHost: async () => (askedAgain = true) } }));
    expect((await again.run(sh`hostname`)).trim()).toBe('lab-2');
    expect(askedAgain).toBe(false);
  });

  it('refuses a changed host key outright, naming both fingerprints, without retrying', async () => {
    const [a, b] = [hosts[0]!, hosts[1]!];
    const knownHosts = await freshKnownHosts();
    // Pin lab-1's real key under lab-2's address: to Picket, lab-2 now offers a different key than pinned.
    const c1 = track(new HostConnection(rootTarget(a), { hostKeys: { knownHosts, confirmNewHost: async () => true } }));
    await c1.connect();
    await writeFile(knownHosts.file, (await readFile(knownHosts.file, 'utf8')).replace(a.address, b.address));
    let asked = false;
    const c2 = new HostConnection(rootTarget(b), {
      hostKeys: { knownHosts, confirmNewHost: async () => (asked = true) },
      reconnectAttempts: 5,
    });
    const started = Date.now();
    const error = await rejection(c2.connect());
    expect(error.kind).toBe('host-key-mismatch');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(`pinned ED25519 ${hostFingerprint(a)}`);
    expect(error.message).toContain(`offered ED25519 ${hostFingerprint(b)}`);
    expect(error.message).toContain(knownHosts.file);
    expect(asked).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000); // no backoff loop: a mismatch is final
    // And it stays refused: the next command fails the same way without a new handshake.
    expect((await rejection(c2.exec(sh`true`))).kind).toBe('host-key-mismatch');
  });
});

describe('authentication', () => {
  it('logs in with an encrypted key and its passphrase', async () => {
    const host = hosts[0]!;
    const c = track(new HostConnection(
      { label: host.name, address: host.address, user: 'root', auth: [{ kind: 'key', identityFile: host.passphraseIdentityFile, passphrase: new Secret(host.identityPassphrase) }] },
      await acceptingOptions(),
    ));
    expect((await c.run(sh`id -un`)).trim()).toBe('root');
  });

  it('reports a wrong passphrase as a key problem before connecting', async () => {
    const host = hosts[0]!;
    const c = new HostConnection(
      { label: host.name, address: host.address, user: 'root', auth: [{ kind: 'key', identityFile: host.passphraseIdentityFile, passphrase: new Secret('not-it') }] },
      await acceptingOptions(),
    );
    const error = await rejection(c.connect());
    expect(error.kind).toBe('key-file');
    expect(error.message).toBe(`lab-1: wrong passphrase for key file ${host.passphraseIdentityFile}`);
  });

  it('reports a key the host does not accept, naming what was tried', async () => {
    const host = hosts[0]!;
    const dir = await mkdtemp(join(tmpdir(), 'picket-key-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'stranger')]);
    const c = new HostConnection(
      { label: host.name, address: host.address, user: 'root', auth: [{ kind: 'key', identityFile: join(dir, 'stranger') }] },
      await acceptingOptions(),
    );
    const error = await rejection(c.connect());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(new RegExp(`^lab-1: authentication failed as root \\(tried key ${join(dir, 'stranger')}; the server accepts publickey`));
  });

  it('logs in with a password, and reports a wrong one', async () => {
    const host = hosts[2]!;
    const good = track(new HostConnection(sudoTarget(host), await acceptingOptions()));
    expect((await good.run(sh`id -un`)).trim()).toBe(host.sudoUser);
    const bad = new HostConnection({ ...sudoTarget(host), auth: [{ kind: 'password', password: new Secret('wrong-password') }] }, await acceptingOptions());
    const error = await rejection(bad.connect());
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/^lab-3: authentication failed as fieldops \(tried password; the server accepts publickey, password, keyboard-interactive\)$/);
  });

  it('answers keyboard-interactive password prompts', async () => {
    const host = hosts[2]!;
    const c = track(new HostConnection(
      { label: host.name, address: host.address, user: host.sudoUser, auth: [{ kind: 'keyboard-interactive', password: new Secret(host.sudoPassword) }] },
      await acceptingOptions(),
    ));
    expect((await c.run(sh`id -un`)).trim()).toBe(host.sudoUser);
  });

  it('uses keys held by ssh-agent', async () => {
    const host = hosts[0]!;
    const socket = join(await mkdtemp(join(tmpdir(), 'picket-agent-')), 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50; i++) {
        try {
          execFileSync('ssh-add', [host.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const c = new HostConnection({ label: host.name, address: host.address, user: 'root', auth: [{ kind: 'agent', socket }] }, await acceptingOptions());
      expect((await c.run(sh`id -un`)).trim()).toBe('root');
      c.close();
    } finally {
      agent.kill();
    }
  });
});

describe('sudo', () => {
  it('runs privileged commands with the password on stdin, and passes the caller\'s stdin on', async () => {
    const host = hosts[2]!;
    const c = track(new HostConnection(sudoTarget(host), await acceptingOptions()));
    const result = await c.exec(sh`id -u; cat`, { sudo: true, stdin: 'data for the command\n' });
    expect(result.stdout).toBe('0\ndata for the command\n');
    expect(result.stderr).toBe('');
    expect(result.stdout + result.stderr).not.toContain(host.sudoPassword);
  });

  it('says when sudo rejects the password', async () => {
    const host = hosts[2]!;
    const c = track(new HostConnection(sudoTarget(host, 'not-the-password'), await acceptingOptions()));
    const error = await rejection(c.exec(sh`id -u`, { sudo: true }));
    expect(error.kind).toBe('sudo');
    expect(error.message).toBe('lab-3: sudo rejected the password of fieldops (check the sudo password)');
  });

  it('says when the user may not use sudo at all', async () => {
    const host = hosts[2]!;
    const c = track(new HostConnection(
      { label: host.name, address: host.address, user: host.noSudoUser, auth: [{ kind: 'password', password: new Secret(host.noSudoPassword) }], sudoPassword: new Secret(host.noSudoPassword) },
      await acceptingOptions(),
    ));
    const error = await rejection(c.exec(sh`id -u`, { sudo: true }));
    expect(error.message).toBe('lab-3: guest may not use sudo here (add it to the sudo group, or log in as root)');
  });
});

describe('jump host, SFTP and lost connections', () => {
  it('reaches a host through a jump host, checking both host keys', async () => {
    const [jump, target] = [hosts[0]!, hosts[3]!];
    const knownHosts = await freshKnownHosts();
    const seen: string[] = [];
    const c = track(new HostConnection({ ...rootTarget(target), jump: rootTarget(jump) }, {
      hostKeys: { knownHosts, confirmNewHost: async (o) => (seen.push(o.host), true) },
    }));
    const out = await c.run(sh`hostname; echo "$SSH_CONNECTION"`);
    const [name, connection] = out.trim().split('\n');
    expect(name).toBe('lab-4');
    expect(connection?.split(' ')[0]).toBe(jump.address); // the session came from the jump host
    expect(seen.sort()).toEqual([jump.address, target.address].sort());
  });

  it('uploads and downloads with progress and a sha256 checked on the host', async () => {
    const host = hosts[1]!;
    const c = track(new HostConnection(rootTarget(host), await acceptingOptions()));
    const dir = await mkdtemp(join(tmpdir(), 'picket-sftp-'));
    const data = randomBytes(6 * 1024 * 1024 + 123);
    await writeFile(join(dir, 'blob'), data);
    const progress: number[] = [];
    const up = await upload(c, join(dir, 'blob'), '/tmp/picket-blob', (p) => progress.push(p.transferred));
    expect(up.bytes).toBe(data.length);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[progress.length - 1]).toBe(data.length);
    const down = await download(c, '/tmp/picket-blob', join(dir, 'back'));
    expect(down.sha256).toBe(up.sha256);
    expect((await readFile(join(dir, 'back'))).equals(data)).toBe(true);
    await c.run(sh`rm -f /tmp/picket-blob`);
  });

  it('reconnects for the next command after the connection drops', async () => {
    const host = hosts[1]!;
    const c = track(new HostConnection(rootTarget(host), await acceptingOptions()));
    const before = (await c.run(sh`echo "$SSH_CONNECTION"`)).trim();
    // Kill this connection's sshd process from the host side.
    const error = await rejection(c.exec(sh`kill -9 "$PPID"; sleep 5`, { purpose: 'self-kill' }));
    expect(error.kind).toBe('connection-lost');
    const after = (await c.run(sh`echo "$SSH_CONNECTION"`)).trim();
    expect(after).not.toBe(before); // a new TCP connection (new source port)
  });

  it('notices a host that vanishes mid-command through keepalive', async () => {
    const host = hosts[3]!;
    const c = track(new HostConnection(rootTarget(host), await acceptingOptions({ keepaliveIntervalMs: 500, keepaliveCountMax: 2, reconnectAttempts: 1 })));
    await c.connect();
    const link = hostLayout(4).managementLink;
    const running = c.exec(sh`sleep 60`, { purpose: 'long step' });
    await new Promise((r) => setTimeout(r, 300));
    execFileSync('ip', ['link', 'set', link, 'down']);
    try {
      const started = Date.now();
      const error = await rejection(running);
      expect(error.kind).toBe('connection-lost');
      expect(error.message).toMatch(/^lab-4: connection lost/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      execFileSync('ip', ['link', 'set', link, 'up']);
    }
  });

  it('names the host and cause for an unreachable address and a closed port', async () => {
    const options = await acceptingOptions({ reconnectAttempts: 1 });
    const host = hosts[0]!;
    const nowhere = new HostConnection({ label: 'ghost', address: NOWHERE_ADDRESS, user: 'root', auth: [{ kind: 'key', identityFile: host.identityFile }] }, options);
    const e1 = await rejection(nowhere.connect());
    expect(e1.kind).toBe('unreachable');
    expect(e1.message).toBe(`ghost: no route to ${NOWHERE_ADDRESS}:22 (check the address and the network path)`);
    const closed = new HostConnection({ ...rootTarget(host), port: 2222 }, options);
    const e2 = await rejection(closed.connect());
    expect(e2.message).toBe(`lab-1: connection refused by ${host.address}:2222 (is sshd running and is the port right?)`);
  });
});
