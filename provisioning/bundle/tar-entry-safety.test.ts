/** Which tar entries may be extracted: pure rules, each refusal saying why. */
import { describe, expect, it } from 'vitest';
import { normalizeTarPath, unsafeTarEntry } from './tar-entry-safety.ts';

describe('unsafeTarEntry', () => {
  it.each([
    { path: 'manifest.json', type: 'File' },
    { path: './bundle/rke2/x.tar.gz', type: 'File' },
    { path: 'bundle/', type: 'Directory' },
    { path: './', type: 'Directory' },
    { path: 'bundle/b', type: 'Link', linkpath: 'bundle/a' },
  ])('extracts $type $path', (entry) => expect(unsafeTarEntry(entry)).toBeUndefined());

  it.each([
    [{ path: '../evil', type: 'File' }, "its path climbs out with '..'"],
    [{ path: 'bundle/../../evil', type: 'File' }, "its path climbs out with '..'"],
    [{ path: '/etc/cron.d/evil', type: 'File' }, 'its path is absolute'],
    [{ path: 'bundle/link', type: 'SymbolicLink', linkpath: '/etc/shadow' }, 'a symbolic link (to "/etc/shadow"): bundles hold regular files only'],
    [{ path: 'bundle/link', type: 'SymbolicLink', linkpath: 'a' }, 'a symbolic link (to "a"): bundles hold regular files only'],
    [{ path: 'bundle/hard', type: 'Link', linkpath: '../../etc/shadow' }, `its hard-link target "../../etc/shadow" climbs out with '..'`],
    [{ path: 'bundle/hard', type: 'Link', linkpath: '/etc/shadow' }, 'its hard-link target "/etc/shadow" is absolute'],
    [{ path: 'bundle/null', type: 'CharacterDevice' }, 'a device file'],
    [{ path: 'bundle/sda', type: 'BlockDevice' }, 'a device file'],
    [{ path: 'bundle/pipe', type: 'FIFO' }, 'a FIFO'],
  ])('refuses %j: %s', (entry, why) => expect(unsafeTarEntry(entry)).toBe(why));

  it('normalizes ./ prefixes and trailing slashes', () => {
    expect(normalizeTarPath('././a/b/')).toBe('a/b');
    expect(normalizeTarPath('.')).toBe('');
  });
});
