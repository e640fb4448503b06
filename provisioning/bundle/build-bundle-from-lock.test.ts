/** build --lock against a loopback artifact server (the test double): pins, resume, mismatch, reruns. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArtifactServerDouble, type ArtifactServerDouble, type ServedFile } from '../../test/support/artifact-server-double.ts';
import type { BundleLock } from './bundle-lock.ts';
import { BundleBuildError, buildBundleFromLock, type LockBuildEvent } from './build-bundle-from-lock.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const RKE2 = randomBytes(2 * 1024 * 1024 + 17);
const IMAGES = randomBytes(3 * 1024 * 1024);
const INSTALL = Buffer.from('#!/bin/sh\necho install\n');

let root: string;
let out: string;
let server: ArtifactServerDouble | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-lock-'));
  out = join(root, 'bundle');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

async function serve(overrides: Record<string, Partial<ServedFile>> = {}): Promise<ArtifactServerDouble> {
  server = await startArtifactServerDouble({
    '/rke2.linux-amd64.tar.gz': { body: RKE2, ...overrides['/rke2.linux-amd64.tar.gz'] },
    '/rke2-images.linux-amd64.tar.zst': { body: IMAGES, ...overrides['/rke2-images.linux-amd64.tar.zst'] },
    '/install.sh': { body: INSTALL, ...overrides['/install.sh'] },
  });
  return server;
}

function lockFor(s: ArtifactServerDouble): BundleLock {
  return {
    lockVersion: 1,
    artifacts: [
      { name: 'rke2', version: 'v1.36.4+rke2r1', kind: 'rke2', url: s.url('/rke2.linux-amd64.tar.gz'), sha256: sha256(RKE2), path: 'rke2/rke2.linux-amd64.tar.gz' },
      { name: 'rke2', version: 'v1.36.4+rke2r1', kind: 'rke2', url: s.url('/rke2-images.linux-amd64.tar.zst'), sha256: sha256(IMAGES), size: IMAGES.length, path: 'rke2/rke2-images.linux-amd64.tar.zst' },
      { name: 'rke2-install', version: '666d6249', kind: 'rke2', url: s.url('/install.sh'), sha256: sha256(INSTALL), path: 'rke2/install.sh' },
    ],
  };
}

const FAST = { retryDelayMs: 0, idleTimeoutMs: 10_000 };

describe('buildBundleFromLock', () => {
  it('downloads every artifact, checks each pin, and writes the manifest with one component per name and version', async () => {
    const s = await serve();
    const events: LockBuildEvent[] = [];
    const manifest = await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST, onEvent: (e) => events.push(e) });
    expect(manifest.files).toEqual([
      { path: 'rke2/rke2.linux-amd64.tar.gz', size: RKE2.length, sha256: sha256(RKE2) },
      { path: 'rke2/rke2-images.linux-amd64.tar.zst', size: IMAGES.length, sha256: sha256(IMAGES) },
      { path: 'rke2/install.sh', size: INSTALL.length, sha256: sha256(INSTALL) },
    ]);
    expect(manifest.components.map((c) => [c.name, c.files.length])).toEqual([['rke2', 2], ['rke2-install', 1]]);
    expect(sha256(await readFile(join(out, 'rke2/rke2-images.linux-amd64.tar.zst')))).toBe(sha256(IMAGES));
    expect(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))).toEqual(manifest);
    const progress = events.filter((e) => e.type === 'progress' && e.artifact.path === 'rke2/rke2-images.linux-amd64.tar.zst');
    expect(progress.at(-1)).toMatchObject({ bytesDone: IMAGES.length, bytesTotal: IMAGES.length });
    expect(await readdir(join(out, 'rke2'))).not.toContain('rke2.linux-amd64.tar.gz.part');
  });

  it('resumes with a Range request when the connection drops midway, fetching each byte once', async () => {
    const s = await serve({ '/rke2-images.linux-amd64.tar.zst': { dropAfter: 1_000_000 } });
    const events: LockBuildEvent[] = [];
    await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST, onEvent: (e) => events.push(e) });
    const requests = s.requests.filter((r) => r.path === '/rke2-images.linux-amd64.tar.zst');
    expect(requests.map((r) => [r.status, r.range])).toEqual([
      [200, undefined],
      [206, expect.stringMatching(/^bytes=\d+-$/)],
    ]);
    const resumedAt = Number(/\d+/.exec(requests[1]!.range!)![0]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(1_000_000);
    expect(s.bytesSent('/rke2-images.linux-amd64.tar.zst')).toBeLessThanOrEqual(IMAGES.length + 1_000_000 - resumedAt);
    expect(sha256(await readFile(join(out, 'rke2/rke2-images.linux-amd64.tar.zst')))).toBe(sha256(IMAGES));
    const done = events.find((e) => e.type === 'done' && e.artifact.path === 'rke2/rke2-images.linux-amd64.tar.zst');
    expect(done).toMatchObject({ result: { requests: 2, reused: false } });
  });

  it('continues a .part left by an earlier run, and starts over when the server ignores Range', async () => {
    const s = await serve({ '/install.sh': { ignoreRange: true } });
    await mkdir(join(out, 'rke2'), { recursive: true });
    await writeFile(join(out, 'rke2/rke2.linux-amd64.tar.gz.part'), RKE2.subarray(0, 123_456));
    await writeFile(join(out, 'rke2/install.sh.part'), INSTALL.subarray(0, 5));
    await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST });
    const rke2 = s.requests.filter((r) => r.path === '/rke2.linux-amd64.tar.gz');
    expect(rke2.map((r) => [r.status, r.range, r.bytesSent])).toEqual([[206, 'bytes=123456-', RKE2.length - 123_456]]);
    expect(sha256(await readFile(join(out, 'rke2/rke2.linux-amd64.tar.gz')))).toBe(sha256(RKE2));
    expect(sha256(await readFile(join(out, 'rke2/install.sh')))).toBe(sha256(INSTALL));
  });

  it('refuses a download that does not match its pin, naming the artifact and both hashes, and keeps nothing of it', async () => {
    const s = await serve({ '/rke2.linux-amd64.tar.gz': { corruptAt: 4242 } });
    const failed = await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(BundleBuildError);
    const message = (failed as Error).message;
    const bad = Buffer.from(RKE2);
    bad.writeUInt8(bad.readUInt8(4242) ^ 0xff, 4242);
    expect(message).toContain('rke2 v1.36.4+rke2r1 (rke2/rke2.linux-amd64.tar.gz)');
    expect(message).toContain(`is ${sha256(bad)}, the lock pins ${sha256(RKE2)}`);
    const left = await readdir(join(out, 'rke2'));
    expect(left.sort()).toEqual(['install.sh', 'rke2-images.linux-amd64.tar.zst']);
    expect(await readdir(out)).not.toContain('manifest.json');
  });

  it('reruns without downloading again, and says why it stops on an HTTP error', async () => {
    const s = await serve();
    await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST });
    const before = s.requests.length;
    const events: LockBuildEvent[] = [];
    await buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST, onEvent: (e) => events.push(e) });
    expect(s.requests.length).toBe(before);
    expect(events.filter((e) => e.type === 'done').every((e) => e.type === 'done' && e.result.reused)).toBe(true);

    const lock = lockFor(s);
    lock.artifacts.push({ name: 'helm', version: 'v4.3.0', kind: 'tool', url: s.url('/helm.tar.gz'), sha256: sha256(Buffer.from('x')), path: 'tools/helm.tar.gz' });
    const failed = (await buildBundleFromLock({ lock, outDir: out, download: FAST }).then(
      () => undefined,
      (e: unknown) => e,
    )) as Error;
    expect(failed.message).toContain(`${s.url('/helm.tar.gz')}: HTTP 404`);
    expect(s.requests.filter((r) => r.path === '/helm.tar.gz')).toHaveLength(1);
  });

  it('refuses a folder holding files the lock does not list', async () => {
    const s = await serve();
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'mine');
    await expect(buildBundleFromLock({ lock: lockFor(s), outDir: out, download: FAST })).rejects.toThrow(/holds files the lock does not list \(notes\.txt\)/);
    expect(s.requests).toHaveLength(0);
  });
});
