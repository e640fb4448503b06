/**
 * The offline bundle reaches every host when every login is an ordinary user with sudo, as field teams log in:
 * `picket apply --phase bundle` on three lab hosts, each reached as fieldops with a password (stored with
 * `picket secret set`, as a user would) that also answers sudo. The bundle lands root-owned in the system path,
 * crosses the installer's link once, leaves no temporary key in anyone's authorized_keys, and the password is
 * nowhere: not in the CLI's output, the project's files (its run journal), nor the hosts' logs.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { LabHost } from './lab.ts';
import { hostLayout, SWITCH_LINK } from './lab-layout.ts';
import { until } from './run-local.ts';
import { addBundleToProject, signedRandomBundle, type SignedBundle } from '../support/bundle-fixture.ts';
import { installerLinkTxBytes, transferTraces } from '../support/bundle-traces.ts';
import { onLabHost } from '../support/host-snapshot.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { labProject } from '../support/lab-project.ts';
import { runPicket, type PicketRun } from '../support/run-picket.ts';

const MiB = 1024 * 1024;
const DESTINATION = '/var/lib/picket/bundle';
const LOGIN_SECRET = 'fieldops-login';
const PICKET = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');

let hosts: LabHost[];
let work: string;
let project: string;
let bundle: SignedBundle;
let trustBefore: string[];

const trust = () => hosts.map(transferTraces);
const installerSent = installerLinkTxBytes;

/** Every file of a folder, recursively, as paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The lab project with every host logged into as the sudo user, by password, the password stored as a secret. */
async function sudoProject(host: LabHost, destination?: string): Promise<string> {
  const dir = await labProject(3);
  const file = join(dir, 'cluster.yaml');
  const doc = parseDocument(await readFile(file, 'utf8'));
  doc.setIn(['defaults', 'user'], host.sudoUser);
  doc.setIn(['defaults', 'auth'], doc.createNode({ method: 'password', secret: LOGIN_SECRET }));
  doc.setIn(['defaults', 'sudo'], true);
  await writeFile(file, doc.toString({ lineWidth: 0 }));
  const stored = await runPicket(['secret', 'set', LOGIN_SECRET, '-C', dir], { stdin: `${host.sudoPassword}\n` });
  if (stored.code !== 0) throw new Error(`picket secret set failed: ${stored.stdout}${stored.stderr}`);
  await addBundleToProject(dir, { path: bundle.dir, trustedKeys: [bundle.publicKeyFile], ...(destination ? { destination } : {}) });
  return dir;
}

beforeAll(async () => {
  hosts = (await labHosts()).slice(0, 3);
  if (hosts.length < 3) throw new Error('this suite needs 3 lab hosts: npm run lab -- up --hosts 3');
  work = await mkdtemp(join(tmpdir(), 'picket-bundle-sudo-'));
  for (const h of hosts) onLabHost(h, `rm -rf ${DESTINATION}`);
  trustBefore = trust();
  bundle = await signedRandomBundle(join(work, 'bundle'), [20 * MiB, 16 * MiB, 12 * MiB]);
  project = await sudoProject(hosts[0]!);
}, 120_000);

afterAll(async () => {
  for (const h of hosts ?? []) onLabHost(h, `rm -rf ${DESTINATION}`);
  if (work) await rm(work, { recursive: true, force: true });
  if (project) await rm(join(project, '..'), { recursive: true, force: true });
});

describe('a bundle to three hosts, each logged into as a user with sudo', () => {
  let run: PicketRun;
  let sent: number;
  let seconds: number;
  /** When the run started, in seconds since the epoch (the hosts share this machine's clock). */
  let since: number;

  beforeAll(async () => {
    const before = installerSent();
    const started = Date.now();
    since = Math.floor(started / 1000) - 1;
    run = await runPicket(['apply', '-f', join(project, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    seconds = (Date.now() - started) / 1000;
    sent = installerSent() - before;
    console.log(`bundle of ${(bundle.bytes / MiB).toFixed(1)} MiB to 3 hosts via sudo: ${seconds.toFixed(1)} s, ${(sent / MiB).toFixed(2)} MiB over the installer link (${(sent / bundle.bytes).toFixed(3)}×)`);
  }, 600_000);

  it('succeeds, logging in as the sudo user', () => {
    expect(run.stdout).toMatch(/apply succeeded/);
    expect(run.code).toBe(0);
    // Two hosts were fed by a peer, not by the installer.
    expect(run.stdout).toMatch(/^\[lab-[23]\] +│ [\d.]+ MiB of [\d.]+ MiB \(\d+ %\) from lab-\d/m);
  });

  it('logged in as the sudo user everywhere, and the peers fed each other as that user with a temporary key', () => {
    const addresses = hosts.map((h) => h.address);
    const fedByPeer = hosts.filter((h) => {
      const log = onLabHost(h, `journalctl --no-pager -o cat --since @${since} _COMM=sshd-session _COMM=sshd; journalctl --no-pager -o cat --since @${since} SYSLOG_IDENTIFIER=sudo`);
      expect(log, h.name).toMatch(new RegExp(`^Accepted password for ${h.sudoUser} from ${h.installerAddress.replace(/\./g, '\\.')} `, 'm'));
      expect(log, h.name).toMatch(new RegExp(`^ *${h.sudoUser} : .*USER=root ; COMMAND=`, 'm'));
      // A peer's login carries a key: the temporary one, in the sudo user's authorized_keys (never root's).
      const peers = addresses.filter((a) => a !== h.address);
      for (const a of peers) expect(log, h.name).not.toContain(`Accepted publickey for root from ${a} `);
      return peers.some((a) => log.includes(`Accepted publickey for ${h.sudoUser} from ${a} `));
    });
    expect(fedByPeer.map((h) => h.name)).toEqual(hosts.slice(1).map((h) => h.name));
  });

  it('every file arrives intact on every host, root-owned and world-readable as a system path', () => {
    const paths = [...bundle.manifest.files.map((f) => f.path), 'manifest.json', 'manifest.sig'];
    const manifestSha = execFileSync('sha256sum', [join(bundle.dir, 'manifest.json')], { encoding: 'utf8' }).split(' ')[0];
    const expected = [...bundle.manifest.files.map((f) => f.sha256), manifestSha];
    for (const h of hosts) {
      const listing = onLabHost(h, `cd ${DESTINATION} && stat -c '%U:%G %a %n' . images ${paths.join(' ')}`).trim().split('\n');
      expect(listing, h.name).toEqual(['root:root 755 .', 'root:root 755 images', ...paths.map((p) => `root:root 644 ${p}`)]);
      const digests = onLabHost(h, `cd ${DESTINATION} && sha256sum ${paths.slice(0, -1).join(' ')} | cut -d' ' -f1`).trim().split('\n');
      expect(digests, h.name).toEqual(expected);
      // Nothing is still arriving: no incoming folder, no part, nothing beside the bundle's files.
      expect(onLabHost(h, `cd ${DESTINATION} && find . -mindepth 1 | sort`).trim().split('\n'), h.name).toEqual(
        ['./images', ...paths.map((p) => `./${p}`)].sort(),
      );
    }
  });

  it('crosses the installer link once', () => {
    // The bundle once, plus TCP/IP and SSH framing and the sessions' own traffic (a few %), not once per host.
    expect(sent).toBeGreaterThan(bundle.bytes);
    expect(sent).toBeLessThan(bundle.bytes * 1.1 + MiB);
  });

  it('leaves no temporary key in any user\'s authorized_keys and no key file', () => {
    expect(trust()).toEqual(trustBefore);
  });

  it('the password appears nowhere: CLI output, the project\'s files and run journal, the hosts\' logs', async () => {
    const password = hosts[0]!.sudoPassword;
    expect(run.stdout).not.toContain(password);
    expect(run.stderr).not.toContain(password);
    const files = (await filesUnder(project)).filter((f) => f !== 'secrets.yaml');
    expect(files.some((f) => f.startsWith('runs/'))).toBe(true);
    for (const f of files) expect(await readFile(join(project, f), 'utf8'), f).not.toContain(password);
    for (const h of hosts) {
      // Since the run started (sudo logs every command whole: the journal grows quickly in the lab).
      const logs = onLabHost(h, `journalctl --no-pager -o cat --since @${since} 2>/dev/null; grep -h sudo /var/log/auth.log 2>/dev/null; true`);
      expect(logs.length, h.name).toBeGreaterThan(0);
      expect(logs, h.name).not.toContain(h.sudoPassword);
    }
  });

  it('a corrupted byte on one host is fetched again from a peer, as the sudo user reading the root-owned file there', async () => {
    const target = hosts[2]!;
    const file = bundle.manifest.files[1]!;
    onLabHost(target, `printf 'X' | dd of=${DESTINATION}/${file.path} bs=1 seek=${5 * MiB} conv=notrunc status=none`);
    const before = installerSent();
    const repair = await runPicket(['apply', '-f', join(project, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    expect(repair.code).toBe(0);
    expect(repair.stdout).toMatch(new RegExp(`${file.path.replace('.', '\\.')} is corrupt there \\(sha256 [0-9a-f]{12}…, not [0-9a-f]{12}…\\): fetch it again from lab-[12]`));
    expect(installerSent() - before).toBeLessThan(MiB); // from the peer, not the installer
    expect(onLabHost(target, `stat -c '%U:%G %a' ${DESTINATION}/${file.path}; sha256sum < ${DESTINATION}/${file.path} | cut -d' ' -f1`).trim().split('\n')).toEqual(['root:root 644', file.sha256]);
    expect(trust()).toEqual(trustBefore);
  }, 300_000);

  it('a second run finds everything in place and sends nothing', async () => {
    const before = installerSent();
    const again = await runPicket(['apply', '-f', join(project, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    expect(again.code).toBe(0);
    for (const h of hosts) expect(again.stdout).toMatch(new RegExp(`^${h.name}: nothing to change$`, 'm'));
    expect(installerSent() - before).toBeLessThan(MiB);
    expect(trust()).toEqual(trustBefore);
  }, 300_000);
});

describe('hosts where the sudo user\'s umask is 077 (a hardened login)', () => {
  const destination = '/opt/picket-hardened/bundle';
  // pam_umask gives fieldops's SSH sessions umask 077 (from its GECOS field); sudo keeps the stricter of the two.
  const HARDEN = `usermod -c umask=0077 fieldops && echo 'session optional pam_umask.so' > /etc/pam.d/picket-test-umask && grep -q picket-test-umask /etc/pam.d/sshd || echo '@include picket-test-umask' >> /etc/pam.d/sshd`;
  const SOFTEN = `usermod -c '' fieldops; sed -i '/picket-test-umask/d' /etc/pam.d/sshd; rm -f /etc/pam.d/picket-test-umask; rm -rf /opt/picket-hardened`;
  let hardened: string;

  beforeAll(async () => {
    for (const h of hosts) onLabHost(h, `${SOFTEN}; ${HARDEN}`);
    hardened = await sudoProject(hosts[0]!, destination);
  }, 120_000);

  afterAll(async () => {
    for (const h of hosts ?? []) onLabHost(h, SOFTEN);
    if (hardened) await rm(join(hardened, '..'), { recursive: true, force: true });
  });

  it('still lands every file, readable by all, and leaves no key', async () => {
    const run = await runPicket(['apply', '-f', join(hardened, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    expect(run.stdout).toMatch(/apply succeeded/);
    expect(run.code).toBe(0);
    const paths = bundle.manifest.files.map((f) => f.path);
    for (const h of hosts) {
      const listing = onLabHost(h, `cd ${destination} && stat -c '%U:%G %a %n' /opt/picket-hardened . images ${paths.join(' ')}`).trim().split('\n');
      expect(listing, h.name).toEqual(['root:root 755 /opt/picket-hardened', 'root:root 755 .', 'root:root 755 images', ...paths.map((p) => `root:root 644 ${p}`)]);
      const digests = onLabHost(h, `cd ${destination} && sha256sum ${paths.join(' ')} | cut -d' ' -f1`).trim().split('\n');
      expect(digests, h.name).toEqual(bundle.manifest.files.map((f) => f.sha256));
    }
    expect(trust()).toEqual(trustBefore);
  }, 600_000);
});

describe('a destination under a folder closed to the sudo user', () => {
  const closed = '/opt/picket-closed';
  const destination = `${closed}/bundle`;
  let refused: string;

  beforeAll(async () => {
    onLabHost(hosts[1]!, `rm -rf ${closed} && mkdir -m 700 ${closed}`);
    refused = await sudoProject(hosts[0]!, destination);
  }, 120_000);

  afterAll(async () => {
    for (const h of hosts ?? []) onLabHost(h, `rm -rf ${closed}`);
    if (refused) await rm(join(refused, '..'), { recursive: true, force: true });
  });

  it('is refused before any byte is sent, naming the host, the folder and the fix', async () => {
    const before = installerSent();
    const run = await runPicket(['apply', '-f', join(refused, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^ {2}✗ Room for the bundle in \/opt\/picket-closed\/bundle: lab-2: fieldops cannot reach \/opt\/picket-closed\/bundle: \/opt\/picket-closed is closed to it \(drwx------ root root\); let it through \(chmod o\+x \/opt\/picket-closed\) or choose another bundle destination$/m,
    );
    expect(run.stdout).not.toMatch(/lab-[13]: fieldops cannot reach/);
    expect(installerSent() - before).toBeLessThan(MiB); // inventory and checks only
    for (const h of hosts) expect(onLabHost(h, `ls -A ${closed} 2>&1 || true`).trim(), h.name).toMatch(/^$|No such file/);
  }, 300_000);
});

describe('a run killed while one host feeds another, through the sudo user', () => {
  const destination = '/var/lib/picket/resumed-sudo';
  const shape = (link: string, rate: string) => execFileSync('tc', ['qdisc', 'replace', 'dev', link, 'root', 'tbf', 'rate', rate, 'burst', '256kb', 'latency', '100ms']);
  const unshape = (link: string) => {
    if (execFileSync('tc', ['qdisc', 'show', 'dev', link], { encoding: 'utf8' }).includes('qdisc tbf')) execFileSync('tc', ['qdisc', 'del', 'dev', link, 'root']);
  };
  let resumed: string;

  beforeAll(async () => {
    for (const h of hosts) onLabHost(h, `rm -rf ${destination}`);
    resumed = await sudoProject(hosts[0]!, destination);
  }, 120_000);

  afterAll(async () => {
    for (const link of [SWITCH_LINK, hostLayout(2).managementLink]) unshape(link);
    for (const h of hosts ?? []) onLabHost(h, `rm -rf ${destination}`);
    if (resumed) await rm(join(resumed, '..'), { recursive: true, force: true });
  });

  it('leaves the key in the sudo user\'s authorized_keys only, and the rerun removes it and sends only what is missing', async () => {
    const [first, second] = hosts;
    let held = 0;
    // The installer's link at 100 Mbit/s and lab-2's port at 40: slow enough to stop the run mid-transfer.
    shape(SWITCH_LINK, '100mbit');
    shape(hostLayout(2).managementLink, '40mbit');
    try {
      const child = spawn(process.execPath, [PICKET, 'apply', '-f', join(resumed, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await until('lab-1 to send to lab-2', 240_000, async () =>
        onLabHost(second!, `grep -c picket-transfer- /home/${second!.sudoUser}/.ssh/authorized_keys 2>/dev/null || true`).trim() === '1' ? true : undefined,
      );
      child.kill('SIGKILL');
      await exited;
      held = Number(onLabHost(first!, `cat ${destination}/.picket-incoming/*.part ${destination}/images/* 2>/dev/null | wc -c`).trim());
    } finally {
      unshape(SWITCH_LINK);
      unshape(hostLayout(2).managementLink);
    }
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(bundle.bytes);
    expect(onLabHost(second!, `grep -c '^from="[0-9.]*",restrict,command=.* picket-transfer-' /home/${second!.sudoUser}/.ssh/authorized_keys`).trim()).toBe('1');
    expect(onLabHost(second!, 'grep -c picket-transfer- /root/.ssh/authorized_keys || true').trim()).toBe('0');

    const before = installerSent();
    const run = await runPicket(['apply', '-f', join(resumed, 'cluster.yaml'), '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\[lab-2\] +│ removed 1 leftover transfer\(s\)$/m);
    expect(installerSent() - before).toBeLessThan((bundle.bytes - held) * 1.1 + 2 * MiB);
    for (const h of hosts) {
      const digests = onLabHost(h, `cd ${destination} && sha256sum ${bundle.manifest.files.map((f) => f.path).join(' ')} | cut -d' ' -f1`).trim().split('\n');
      expect(digests, h.name).toEqual(bundle.manifest.files.map((f) => f.sha256));
    }
    expect(trust()).toEqual(trustBefore);
  }, 600_000);
});
