/**
 * The cheap half of checking a bundle's files, with no I/O: which listed files are missing, which found files are
 * extra, which have the wrong size or type — and so which remain to be hashed.
 */
import type { BundleFile } from './bundle-manifest.ts';
import type { FolderEntry } from './list-bundle-folder.ts';

export type FileProblemKind = 'missing' | 'extra' | 'corrupt' | 'size';

export interface FileProblem {
  kind: FileProblemKind;
  path: string;
  message: string;
}

export interface FileComparison {
  problems: FileProblem[];
  /** Listed files present as regular files of the listed size: their sha256 decides. */
  toHash: BundleFile[];
}

export function compareBundleFiles(listed: readonly BundleFile[], found: readonly FolderEntry[]): FileComparison {
  const byPath = new Map(found.map((f) => [f.path, f]));
  const listedPaths = new Set(listed.map((f) => f.path));
  const problems: FileProblem[] = [];
  const toHash: BundleFile[] = [];
  for (const file of listed) {
    const entry = byPath.get(file.path);
    if (!entry) {
      problems.push({ kind: 'missing', path: file.path, message: `${file.path}: missing (the manifest lists it, ${file.size} bytes)` });
    } else if (entry.type !== 'file') {
      problems.push({ kind: 'corrupt', path: file.path, message: `${file.path}: a ${entry.type}, not a regular file` });
    } else if (entry.size !== file.size) {
      problems.push({ kind: 'size', path: file.path, message: `${file.path}: ${entry.size} bytes, the manifest says ${file.size}` });
    } else {
      toHash.push(file);
    }
  }
  for (const entry of found) {
    if (!listedPaths.has(entry.path)) {
      const what = entry.type === 'file' ? '' : ` (a ${entry.type})`;
      problems.push({ kind: 'extra', path: entry.path, message: `${entry.path}: extra${what}, not in the manifest` });
    }
  }
  return { problems, toHash };
}
