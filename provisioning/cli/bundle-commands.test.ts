/** `picket bundle …` run as a user runs it (a child process): exit codes, what is printed, and what is never printed. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArtifactServerDouble, type ArtifactServerDouble } from '../../test/support/artifact-server-double.ts';
import { runPicket } from '../../test/support/run-picket.ts';

let root: string;
let server: ArtifactServerDouble | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-bundle-cli-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(root, { recursive: true, force: true });
});

// Each test starts several CLI processes (about a second each through tsx on a busy machine).
const CLI = { timeout: 60_000 };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function sourceFolder(): Promise<string> {
  const src = join(root, 'src');
  await mkdir(join(src, 'rke2'), { recursive: true });
  await mkdir(join(src, 'images'), { recursive: true });
  await writeFile(join(src, 'rke2', 'rke2.linux-amd64.tar.gz'), randomBytes(200_000));
  await writeFile(join(src, 'images', 'zeek.tar'), randomBytes(50_000));
  return src;
}

describe('picket bundle keygen', CLI, () => {
  it('writes a 0600 private key and a .pub line, prints only the fingerprint, and never overwrites', async () => {
    const key = join(root, 'keys', 'signing');
    const run = await runPicket(['bundle', 'keygen', '--out', key]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const privateKey = await readFile(key, 'utf8');
    const pub = await readFile(`${key}.pub`, 'utf8');
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(pub).toMatch(/^ssh-ed25519 \S+ picket-bundle\n$/);
    expect(run.stdout).toMatch(/^fingerprint SHA256:[A-Za-z0-9+/]{43}$/m);
    expect(run.stdout).not.toContain(privateKey.split('\n')[1]!);
    expect(run.stdout).not.toContain(pub.split(' ')[1]!);

    const again = await runPicket(['bundle', 'keygen', '--out', key]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${key} already exists: keys are never overwritten`);
    expect(await readFile(key, 'utf8')).toBe(privateKey);
  });

  it('protects the key with a passphrase from stdin, which signing then needs and never shows', async () => {
    const key = join(root, 'k');
    expect((await runPicket(['bundle', 'keygen', '--out', key, '--passphrase-stdin'], { stdin: 'sesame-42\n' })).code).toBe(0);
    expect(await readFile(key, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const bundle = join(root, 'b');
    expect((await runPicket(['bundle', 'build', '--from', await sourceFolder(), '--out', bundle])).code).toBe(0);

    const without = await runPicket(['bundle', 'sign', bundle, '--key', key]);
    expect([without.code, without.stderr]).toEqual([2, `picket bundle: ${key} is protected by a passphrase: give it with --passphrase-stdin\n`]);
    const wrong = await runPicket(['bundle', 'sign', bundle, '--key', key, '--passphrase-stdin'], { stdin: 'open-up\n' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('wrong passphrase?');
    const right = await runPicket(['bundle', 'sign', bundle, '--key', key, '--passphrase-stdin'], { stdin: 'sesame-42\n' });
    expect(right.code).toBe(0);
    for (const run of [without, wrong, right]) expect(run.stdout + run.stderr).not.toMatch(/sesame|open-up/);
  });
});

describe('picket bundle build --from, sign, verify', CLI, () => {
  it('verifies an intact bundle (exit 0), then names a corrupted file and exits 1', async () => {
    const key = join(root, 'k');
    const bundle = join(root, 'bundle');
    await runPicket(['bundle', 'keygen', '--out', key]);
    const build = await runPicket(['bundle', 'build', '--from', await sourceFolder(), '--out', bundle, '--component', 'name=rke2,version=v1.36.4+rke2r1,kind=rke2', '--component', 'name=zeek,version=8.0.1,kind=image,path=images']);
    expect(build.stderr).toBe('');
    expect(build.stdout.split('\n')[0]).toBe(`built ${bundle}: 2 files, 244.1 KiB, 2 components; manifest.json written`);
    expect((await runPicket(['bundle', 'sign', bundle, '--key', key])).code).toBe(0);

    const ok = await runPicket(['bundle', 'verify', bundle, '--pubkey', `${key}.pub`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^✓ .*: intact and signed by SHA256:\S+ — 2 files, 244\.1 KiB; rke2 v1\.36\.4\+rke2r1, zeek 8\.0\.1\n$/);

    const file = join(bundle, 'images', 'zeek.tar');
    const bytes = await readFile(file);
    bytes.writeUInt8(bytes.readUInt8(777) ^ 0x40, 777);
    await writeFile(file, bytes);
    const bad = await runPicket(['bundle', 'verify', bundle, '--pubkey', `${key}.pub`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^✗ corrupt {3}images\/zeek\.tar: sha256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}$/m);
    expect(bad.stdout).toContain('1 problem; do not use this bundle until it verifies');

    const json = await runPicket(['bundle', 'verify', bundle, '--pubkey', `${key}.pub`, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).problems).toEqual([{ kind: 'corrupt', path: 'images/zeek.tar', message: expect.any(String) }]);
  });

  it('refuses to sign a bundle whose files no longer match its manifest', async () => {
    const key = join(root, 'k');
    const bundle = join(root, 'bundle');
    await runPicket(['bundle', 'keygen', '--out', key]);
    await runPicket(['bundle', 'build', '--from', await sourceFolder(), '--out', bundle]);
    await writeFile(join(bundle, 'stray.txt'), 'x');
    const sign = await runPicket(['bundle', 'sign', bundle, '--key', key]);
    expect(sign.code).toBe(1);
    expect(sign.stderr).toContain('stray.txt: extra, not in the manifest');
    await expect(stat(join(bundle, 'manifest.sig'))).rejects.toThrow(/ENOENT/);
  });

  it('trusts the keys of cluster.yaml with -f, relative to the project folder', async () => {
    const project = join(root, 'site');
    await mkdir(join(project, 'keys'), { recursive: true });
    await runPicket(['bundle', 'keygen', '--out', join(project, 'keys', 'bundle-signing')]);
    await runPicket(['bundle', 'build', '--from', await sourceFolder(), '--out', join(project, 'bundles', 'kit')]);
    await runPicket(['bundle', 'sign', join(project, 'bundles', 'kit'), '--key', join(project, 'keys', 'bundle-signing')]);
    await writeFile(
      join(project, 'cluster.yaml'),
      `apiVersion: picket/v1
kind: Cluster
name: site
mode: standalone
hosts:
  - name: sensor-1
    address: 10.0.0.11
    roles: [server, sensor]
    auth: { method: key, identityFile: keys/id_ed25519 }
    capture:
      - pci: "0000:3b:00.0"
        role: passive
        engines: [zeek]
bundle:
  path: bundles/kit
  trustedKeys: [keys/bundle-signing.pub]
`,
    );
    const run = await runPicket(['bundle', 'verify', '-f', join(project, 'cluster.yaml')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`✓ ${join(project, 'bundles', 'kit')}: intact and signed by SHA256:`);
  });

  it('treats bad arguments as usage errors (exit 2) that say what to give', async () => {
    const cases: [string[], string][] = [
      [['bundle', 'frobnicate'], 'picket bundle: unknown action "frobnicate"'],
      [['bundle', 'build', '--lock', 'x.json'], 'picket bundle: name the bundle folder: --out DIR'],
      [['bundle', 'build', '--out', 'd'], 'picket bundle: give --lock FILE (download) or --from DIR (local files)'],
      [['bundle', 'build', '--from', 's', '--out', 'd', '--component', 'name=x,kind=binary,version=1'], 'kind must be one of rke2, image, chart, tool, package, rules'],
      [['bundle', 'verify', root], 'picket bundle: give the public key to trust: --pubkey FILE'],
      [['bundle', 'verify', join(root, 'nope'), '--pubkey', join(root, 'nope.pub')], `picket bundle: public key ${join(root, 'nope.pub')} not found`],
      [['bundle', 'sign', root], 'picket bundle: give the private key: --key FILE'],
      [['bundle', 'keygen'], 'picket bundle: name the key file: --out FILE'],
      [['bundle', 'verify', root, '--pubkye', 'x'], "Unknown option '--pubkye'"],
    ];
    for (const [args, message] of cases) {
      const run = await runPicket(args);
      expect([args, run.code]).toEqual([args, 2]);
      expect(run.stderr).toContain(message);
    }
  });
});

describe('picket bundle build --lock', CLI, () => {
  it('downloads and verifies each artifact with one line per artifact, then a mismatch exits 1 naming both hashes', async () => {
    const rke2 = randomBytes(300_000);
    const kubectl = randomBytes(100_000);
    server = await startArtifactServerDouble({ '/rke2.tar.gz': { body: rke2, dropAfter: 120_000 }, '/kubectl': { body: kubectl } });
    const lock = {
      lockVersion: 1,
      artifacts: [
        { name: 'rke2', version: 'v1.36.4+rke2r1', kind: 'rke2', url: server.url('/rke2.tar.gz'), sha256: sha256(rke2), size: rke2.length, path: 'rke2/rke2.linux-amd64.tar.gz' },
        { name: 'kubectl', version: 'v1.36.4', kind: 'tool', url: server.url('/kubectl'), sha256: sha256(kubectl), path: 'tools/kubectl' },
      ],
    };
    const lockFile = join(root, 'bundle.lock.json');
    await writeFile(lockFile, JSON.stringify(lock));
    const out = join(root, 'bundle');
    const run = await runPicket(['bundle', 'build', '--lock', lockFile, '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^✓ rke2 v1\.36\.4\+rke2r1 rke2\/rke2\.linux-amd64\.tar\.gz: 293\.0 KiB, downloaded \(2 requests\)$/),
      '✓ kubectl v1.36.4 tools/kubectl: 97.7 KiB, downloaded',
    ]);
    expect(run.stdout).toContain(`built ${out}: 2 files, 390.6 KiB, 2 components; manifest.json written`);

    lock.artifacts[1]!.sha256 = sha256(Buffer.from('not kubectl'));
    await writeFile(lockFile, JSON.stringify(lock));
    const bad = await runPicket(['bundle', 'build', '--lock', lockFile, '--out', join(root, 'other')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`✗ kubectl v1.36.4 tools/kubectl: kubectl v1.36.4 (tools/kubectl): sha256 of ${server.url('/kubectl')} is ${sha256(kubectl)}, the lock pins ${sha256(Buffer.from('not kubectl'))}`);
    await expect(stat(join(root, 'other', 'tools', 'kubectl'))).rejects.toThrow(/ENOENT/);
    await expect(stat(join(root, 'other', 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });

  it('explains every mistake in a lock file', async () => {
    const lockFile = join(root, 'bundle.lock.json');
    await writeFile(lockFile, JSON.stringify({ lockVersion: 1, artifacts: [{ name: 'x', version: '1', kind: 'tool', url: 'file:///etc/passwd', sha256: 'abc', path: '../x' }] }));
    const run = await runPicket(['bundle', 'build', '--lock', lockFile, '--out', join(root, 'b')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${lockFile} is not a valid bundle lock:`);
    expect(run.stderr).toContain('artifacts.0.url: url must be an http(s) URL');
    expect(run.stderr).toContain('artifacts.0.sha256: sha256 must be 64 lowercase hex digits');
    expect(run.stderr).toContain('artifacts.0.path: path "../x" must be a relative');
  });
});
