/**
 * The offline bundle reaches every host, crossing the installer's link once: `picket apply --phase bundle` on four
 * lab hosts, driven as a user would. The lab's switch is the site network; its bridge device is the installer's
 * link, whose counters tell how many bytes the installer sent.
 *
 * Also: a tampered manifest and a host short of space are refused before anything is sent; a run killed midway
 * resumes without sending again what arrived; a corrupted byte on one host is found and repaired from a peer; and
 * no temporary key or record is ever left on a host.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const PICKET = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');

let hosts: LabHost[];
let work: string;
/** Every user's authorized_keys and transfer records on each host, before any test. */
let trustBefore: string[];

const trust = () => hosts.map(transferTraces);
const installerSent = installerLinkTxBytes;

function shape(link: string, rate: string): void {
  execFileSync('tc', ['qdisc', 'replace', 'dev', link, 'root', 'tbf', 'rate', rate, 'burst', '256kb', 'latency', '100ms']);
}

/** Back to the link's default queue (nothing to do when it is not shaped). */
function unshape(link: string): void {
  if (execFileSync('tc', ['qdisc', 'show', 'dev', link], { encoding: 'utf8' }).includes('qdisc tbf')) execFileSync('tc', ['qdisc', 'del', 'dev', link, 'root']);
}

/** sha256 of each file of the bundle on a host, "-" where it is missing. */
function digestsOn(host: LabHost, destination: string, bundle: SignedBundle): string[] {
  const paths = bundle.manifest.files.map((f) => `${destination}/${f.path}`).join(' ');
  return onLabHost(host, `for f in ${paths}; do if [ -f "$f" ]; then sha256sum < "$f" | cut -d' ' -f1; else echo -; fi; done`).trim().split('\n');
}

const expected = (bundle: SignedBundle) => bundle.manifest.files.map((f) => f.sha256);

/** A lab project whose cluster.yaml distributes this bundle to this destination. */
async function projectFor(bundle: { dir: string; publicKeyFile: string }, destination: string): Promise<string> {
  const project = await labProject(4);
  await addBundleToProject(project, { path: bundle.dir, trustedKeys: [bundle.publicKeyFile], destination });
  return join(project, 'cluster.yaml');
}

function apply(specFile: string): Promise<PicketRun> {
  return runPicket(['apply', '-f', specFile, '--phase', 'bundle', '--yes', '--capture-seconds', '1']);
}

beforeAll(async () => {
  hosts = (await labHosts()).slice(0, 4);
  work = await mkdtemp(join(tmpdir(), 'picket-bundle-lab-'));
  trustBefore = trust();
});

afterAll(async () => {
  for (const link of [SWITCH_LINK, hostLayout(2).managementLink]) unshape(link);
  for (const h of hosts) onLabHost(h, 'umount /var/lib/picket/small 2>/dev/null; rm -rf /var/lib/picket');
  await rm(work, { recursive: true, force: true });
});

describe('refused before anything is sent', () => {
  let small: SignedBundle;

  beforeAll(async () => {
    small = await signedRandomBundle(join(work, 'small'), [60 * MiB, 40 * MiB]);
  });

  it('a tampered manifest fails its signature, and no host is even contacted', async () => {
    const tampered = join(work, 'tampered');
    await cp(small.dir, tampered, { recursive: true });
    const manifest = join(tampered, 'manifest.json');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"version": "1.0.0"', '"version": "1.0.1"'));
    const specFile = await projectFor({ dir: tampered, publicKeyFile: small.publicKeyFile }, '/var/lib/picket/tampered');
    const before = installerSent();
    const run = await apply(specFile);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^✗ bundle \S+\/tampered refused, nothing was sent to any host: manifest\.sig: does not match manifest\.json under any trusted key/m);
    // Not one SSH handshake crossed the installer's link (one is several KB), and no host has the destination.
    expect(installerSent() - before).toBeLessThan(2000);
    for (const h of hosts) expect(onLabHost(h, 'ls /var/lib/picket/tampered 2>&1 || true')).toMatch(/No such file/);
  });

  it('a host with too little room is named with its shortfall, and no byte reaches any host', async () => {
    const destination = '/var/lib/picket/small';
    const specFile = await projectFor(small, destination);
    onLabHost(hosts[2]!, `mkdir -p ${destination} && mount -t tmpfs -o size=64m picket-small ${destination}`);
    try {
      const before = installerSent();
      const run = await apply(specFile);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /^ {2}✗ Room for the bundle in \/var\/lib\/picket\/small: lab-3 is short of space by 42\.4 MiB: 64\.0 MiB free for \/var\/lib\/picket\/small \(on \/var\/lib\/picket\/small\), the bundle needs 100\.0 MiB more plus a margin of 6\.4 MiB/m,
      );
      expect(run.stdout).not.toMatch(/lab-[124] is short of space/);
      expect(installerSent() - before).toBeLessThan(MiB); // inventory and checks only
      for (const h of hosts) expect(onLabHost(h, `find ${destination} -type f 2>/dev/null | wc -l`).trim()).toBe('0');
    } finally {
      onLabHost(hosts[2]!, `umount ${destination}`);
    }
  });
});

describe('a 1 GiB bundle to four hosts', () => {
  const destination = '/var/lib/picket/bundle';
  let big: SignedBundle;
  let specFile: string;

  beforeAll(async () => {
    big = await signedRandomBundle(join(work, 'big'), Array.from({ length: 8 }, () => 128 * MiB));
    specFile = await projectFor(big, destination);
  }, 300_000);

  it('arrives intact on every host, having crossed the installer link once, leaving no temporary key', async () => {
    const before = installerSent();
    const run = await apply(specFile);
    expect(run.stdout).toMatch(/apply succeeded/);
    expect(run.code).toBe(0);
    const sent = installerSent() - before;
    // The bundle crossed once (plus TCP/IP and SSH framing, a few %), not once per host.
    expect(sent).toBeGreaterThan(big.bytes);
    expect(sent).toBeLessThan(big.bytes * 1.15);
    for (const h of hosts) expect(digestsOn(h, destination, big), h.name).toEqual(expected(big));
    // The signed manifest went along, so each host can check what it holds.
    const manifestSha = execFileSync('sha256sum', [join(big.dir, 'manifest.json')], { encoding: 'utf8' }).split(' ')[0];
    for (const h of hosts) expect(onLabHost(h, `sha256sum < ${destination}/manifest.json; ls ${destination}/manifest.sig`).trim().split('\n')).toEqual([`${manifestSha}  -`, `${destination}/manifest.sig`]);
    // Progress per host, as the engine's step output.
    expect(run.stdout).toMatch(/^\[lab-1\] +│ [\d.]+ MiB of 64\.0 MiB \(\d+ %\) from the installer/m);
    expect(run.stdout).toMatch(/^\[lab-4\] +│ [\d.]+ MiB of 64\.0 MiB \(\d+ %\) from lab-2/m);
    expect(trust()).toEqual(trustBefore);
  }, 900_000);

  it('a corrupted byte on one host is found and fetched again from a peer, not from the installer', async () => {
    const target = hosts[2]!;
    onLabHost(target, `printf 'X' | dd of=${destination}/images/part-5.tar bs=1 seek=${77 * MiB} conv=notrunc status=none`);
    expect(digestsOn(target, destination, big)[5]).not.toBe(big.manifest.files[5]!.sha256);
    const before = installerSent();
    const run = await apply(specFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^lab-3: 1 step\(s\) to apply$/m);
    expect(run.stdout).toMatch(/images\/part-5\.tar is corrupt there \(sha256 [0-9a-f]{12}…, not [0-9a-f]{12}…\): fetch it again from lab-1/);
    expect(run.stdout).toMatch(/^lab-[124]: nothing to change$/m);
    expect(installerSent() - before).toBeLessThan(8 * MiB);
    expect(digestsOn(target, destination, big)).toEqual(expected(big));
    expect(trust()).toEqual(trustBefore);
  }, 600_000);
});

/** Starts `picket apply --phase bundle` and stops it with `signal` while lab-1 sends to lab-2; resolves with its exit code. */
async function stopWhileSending(specFile: string, signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn(process.execPath, [PICKET, 'apply', '-f', specFile, '--phase', 'bundle', '--yes', '--capture-seconds', '1'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // While lab-1 feeds lab-2 its first part (its key is on lab-2), and the installer still uploads the rest to lab-1.
  await until('lab-1 to send to lab-2', 240_000, async () =>
    onLabHost(hosts[1]!, 'grep -c picket-transfer- /root/.ssh/authorized_keys || true').trim() === '1' ? true : undefined,
  );
  child.kill(signal);
  return exited;
}

describe('a run stopped midway', () => {
  // The installer's link at 100 Mbit/s, and lab-2's port at 40: slow enough to stop a run mid-transfer.
  const slowly = async <T>(work: () => Promise<T>): Promise<T> => {
    shape(SWITCH_LINK, '100mbit');
    shape(hostLayout(2).managementLink, '40mbit');
    try {
      return await work();
    } finally {
      unshape(SWITCH_LINK);
      unshape(hostLayout(2).managementLink);
    }
  };

  it('cancelled with Ctrl-C, removes its temporary keys before it exits', async () => {
    const bundle = await signedRandomBundle(join(work, 'cancelled'), [60 * MiB, 40 * MiB]);
    const specFile = await projectFor(bundle, '/var/lib/picket/cancelled');
    const code = await slowly(() => stopWhileSending(specFile, 'SIGINT'));
    expect(code).toBe(130);
    expect(trust()).toEqual(trustBefore);
  }, 600_000);

  it('killed, resumes: the rerun sends only what had not arrived, and removes the temporary key the kill left', async () => {
    const destination = '/var/lib/picket/resumed';
    const bundle = await signedRandomBundle(join(work, 'resumed'), [90 * MiB, 70 * MiB, 40 * MiB]);
    const specFile = await projectFor(bundle, destination);
    const [first, second] = hosts;
    let held = 0;
    await slowly(async () => {
      await stopWhileSending(specFile, 'SIGKILL');
      held = Number(onLabHost(first!, `cat ${destination}/.picket-incoming/*.part ${destination}/images/* 2>/dev/null | wc -c`).trim());
    });
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(bundle.bytes);
    // The kill left the transfer's key on lab-2, limited to lab-1's address, recorded beside it.
    expect(onLabHost(second!, 'grep -c "^from=\\"[0-9.]*\\",restrict,command=.* picket-transfer-" /root/.ssh/authorized_keys').trim()).toBe('1');

    const before = installerSent();
    const run = await apply(specFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^resuming interrupted run /m);
    expect(run.stdout).toMatch(/^\[lab-2\] +│ removed 1 leftover transfer\(s\)$/m);
    const resent = installerSent() - before;
    expect(resent).toBeLessThan((bundle.bytes - held) * 1.1 + 2 * MiB);
    for (const h of hosts) expect(digestsOn(h, destination, bundle), h.name).toEqual(expected(bundle));
    expect(trust()).toEqual(trustBefore);
  }, 900_000);
});
