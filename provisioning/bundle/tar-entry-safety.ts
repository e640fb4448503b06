/**
 * Which entries of a bundle .tar may be extracted. A tar is untrusted until its manifest's signature checks, and
 * extraction happens before that, so every entry must land inside the extraction folder as a plain file or folder:
 * no absolute paths, no '..', no symbolic links (a bundle holds regular files only, and a link could point
 * anywhere), no hard link to outside the archive, no device files or FIFOs.
 */

/** What the tar header says about an entry (node-tar's ReadEntry has these fields). */
export interface TarEntryHeader {
  path: string;
  type: string;
  linkpath?: string | undefined;
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

/** `./a/b/` → `a/b`; the archive root itself (`.`, `./`) → ''. */
export function normalizeTarPath(path: string): string {
  let p = path;
  while (p.startsWith('./')) p = p.slice(2);
  if (p === '.') return '';
  return p.replace(/\/+$/, '');
}

function pathProblem(raw: string, what: string): string | undefined {
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw)) return `${what} is absolute`;
  const p = normalizeTarPath(raw);
  if (p === '') return undefined;
  const segments = p.split(/[\\/]/);
  if (segments.includes('..')) return `${what} climbs out with '..'`;
  if (/\0/.test(p)) return `${what} holds a NUL byte`;
  return undefined;
}

/** Why this entry must not be extracted, or undefined when it is safe. */
export function unsafeTarEntry(entry: TarEntryHeader): string | undefined {
  const problem = pathProblem(entry.path, 'its path');
  if (problem) return problem;
  if (FILE_TYPES.has(entry.type) || entry.type === 'Directory') return undefined;
  switch (entry.type) {
    case 'Link': {
      const target = entry.linkpath ?? '';
      if (normalizeTarPath(target) === '') return 'a hard link without a target';
      return pathProblem(target, `its hard-link target ${JSON.stringify(target)}`);
    }
    case 'SymbolicLink':
      return `a symbolic link (to ${JSON.stringify(entry.linkpath ?? '')}): bundles hold regular files only`;
    case 'CharacterDevice':
    case 'BlockDevice':
      return 'a device file';
    case 'FIFO':
      return 'a FIFO';
    default:
      return `an entry of type ${entry.type}, not a regular file or folder`;
  }
}
