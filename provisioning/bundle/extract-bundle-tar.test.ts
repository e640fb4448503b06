/** Extracting a bundle .tar: hand-made archives with hostile entries are refused whole, naming every entry. */
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar, Header } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractBundleTar, UnsafeTarError } from './extract-bundle-tar.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-tar-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

interface RawEntry {
  path: string;
  type: 'File' | 'SymbolicLink' | 'Link' | 'CharacterDevice' | 'FIFO' | 'Directory';
  body?: string;
  linkpath?: string;
}

/** A tar written header by header, as an attacker would: node-tar's writer would refuse to make these. */
function rawTar(entries: RawEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const header = new Header({ path: e.path, type: e.type, size: body.length, mode: 0o644, linkpath: e.linkpath ?? '', mtime: new Date(0), uid: 0, gid: 0 });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('extractBundleTar', () => {
  it('extracts a tar of a bundle folder and returns the folder holding manifest.json', async () => {
    const tarFile = join(root, 'b.tar');
    await writeFile(tarFile, rawTar([{ path: 'kit/', type: 'Directory' }, { path: 'kit/manifest.json', type: 'File', body: '{}' }, { path: 'kit/rke2/a', type: 'File', body: 'A' }]));
    const dir = await extractBundleTar(tarFile, join(root, 'x'));
    expect(dir).toBe(join(root, 'x', 'kit'));
    expect(await readFile(join(dir, 'rke2/a'), 'utf8')).toBe('A');
  });

  it('refuses ../evil, absolute paths, links out and device files, names each, and leaves nothing extracted', async () => {
    const tarFile = join(root, 'evil.tar');
    await writeFile(
      tarFile,
      rawTar([
        { path: 'manifest.json', type: 'File', body: '{}' },
        { path: '../evil', type: 'File', body: 'pwned' },
        { path: '/tmp/picket-abs-evil', type: 'File', body: 'pwned' },
        { path: 'link', type: 'SymbolicLink', linkpath: '/etc' },
        { path: 'link/passwd', type: 'File', body: 'pwned' },
        { path: 'hard', type: 'Link', linkpath: '../../etc/passwd' },
        { path: 'null', type: 'CharacterDevice' },
        { path: 'after', type: 'File', body: 'fine' },
      ]),
    );
    const dest = join(root, 'x', 'extract');
    const error = await extractBundleTar(tarFile, dest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeTarError);
    expect((error as UnsafeTarError).refused.map((r) => r.path)).toEqual(['../evil', '/tmp/picket-abs-evil', 'link', 'hard', 'null']);
    expect((error as Error).message).toContain(`"../evil": its path climbs out with '..'`);
    await expect(lstat(dest)).rejects.toThrow(/ENOENT/);
    expect(await readdir(join(root, 'x'))).toEqual([]);
    await expect(lstat(join(root, 'evil'))).rejects.toThrow(/ENOENT/);
    await expect(lstat('/tmp/picket-abs-evil')).rejects.toThrow(/ENOENT/);
  });

  it('says when a file is not a tar at all', async () => {
    const notTar = join(root, 'b.tar');
    await writeFile(notTar, 'this is not a tar archive, just text that is long enough to fill a header block '.repeat(10));
    await expect(extractBundleTar(notTar, join(root, 'x'))).rejects.toThrow(/not a readable tar/);
  });

  it('replaces an earlier extraction, so the folder matches the tar', async () => {
    const tarFile = join(root, 'b.tar');
    await writeFile(join(root, 'manifest.json'), '{}');
    await createTar({ file: tarFile, cwd: root }, ['manifest.json']);
    const dest = join(root, 'x');
    await extractBundleTar(tarFile, dest);
    await writeFile(join(dest, 'stale'), 'left from before');
    await extractBundleTar(tarFile, dest);
    expect(await readdir(dest)).toEqual(['manifest.json']);
  });
});
