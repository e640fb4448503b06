/**
 * Finds the file of the built UI a request path names, inside one folder and nowhere else: `..` in any
 * spelling (raw, %2e%2e, %2f-joined), backslashes, NUL bytes and symlinks leading out are refused, and so are
 * dotfiles.
 */
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export type StaticLookup = { found: true; file: string; contentType: string } | { found: false; status: 400 | 403 | 404 };

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function within(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

/** `rawPath`: the request target's path exactly as sent (before `?`), still percent-encoded. */
export async function lookupStatic(root: string, rawPath: string): Promise<StaticLookup> {
  if (!rawPath.startsWith('/')) return { found: false, status: 400 };
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { found: false, status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { found: false, status: 403 };
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { found: false, status: 403 };
  if (segments.some((s) => s.startsWith('.'))) return { found: false, status: 404 };
  const base = resolve(root);
  const file = resolve(base, ...(segments.length === 0 ? ['index.html'] : segments));
  if (!within(base, file)) return { found: false, status: 403 };
  try {
    if (!(await stat(file)).isFile()) return { found: false, status: 404 };
    // A symlink inside the folder must not lead out of it.
    if (!within(await realpath(base), await realpath(file))) return { found: false, status: 403 };
  } catch {
    return { found: false, status: 404 };
  }
  return { found: true, file, contentType: contentTypeOf(file) };
}
