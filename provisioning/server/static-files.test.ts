import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lookupStatic } from './static-files.ts';

let root: string;
let ui: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-static-'));
  ui = join(root, 'ui');
  await mkdir(join(ui, 'assets'), { recursive: true });
  await writeFile(join(ui, 'index.html'), '<!doctype html>');
  await writeFile(join(ui, 'assets', 'app.js'), 'export {}');
  await writeFile(join(ui, '.env'), 'SECRET=1');
  await writeFile(join(root, 'package.json'), '{}');
  await symlink(join(root, 'package.json'), join(ui, 'escape.json'));
});

describe('static files of the UI', () => {
  it('serves index.html at / and files by path, with their type', async () => {
    expect(await lookupStatic(ui, '/')).toEqual({ found: true, file: join(ui, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(await lookupStatic(ui, '/assets/app.js')).toMatchObject({ found: true, contentType: 'text/javascript; charset=utf-8' });
    expect(await lookupStatic(ui, '/assets/%61pp.js')).toMatchObject({ found: true });
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/assets/%00.js',
    '/./index.html',
  ])('refuses %s', async (path) => {
    expect(await lookupStatic(ui, path)).toEqual({ found: false, status: 403 });
  });

  it('refuses a symlink leading out, dotfiles, folders, missing files and broken encodings', async () => {
    expect(await lookupStatic(ui, '/escape.json')).toEqual({ found: false, status: 403 });
    expect(await lookupStatic(ui, '/.env')).toEqual({ found: false, status: 404 });
    expect(await lookupStatic(ui, '/assets')).toEqual({ found: false, status: 404 });
    expect(await lookupStatic(ui, '/missing.js')).toEqual({ found: false, status: 404 });
    expect(await lookupStatic(ui, '/%E0%A4%A')).toEqual({ found: false, status: 400 });
    expect(await lookupStatic(ui, 'http://evil/x')).toEqual({ found: false, status: 400 });
  });
});
