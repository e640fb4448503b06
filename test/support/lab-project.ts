/** A fresh project folder for the running lab, written by `npm run lab -- spec --out` as a user would. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function labProject(hosts = 3): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'picket-project-')), 'project');
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'lab.mjs');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'spec', '--out', dir, '--hosts', String(hosts)], { stdio: 'ignore' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`lab spec exited ${code}`))));
  });
  return dir;
}
