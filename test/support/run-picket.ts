/** Runs the real `picket` CLI as a user would (a child process), capturing exit code and output. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');

export interface PicketRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPicket(args: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv; onStart?: () => void } = {}): Promise<PicketRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(options.stdin ?? '');
    options.onStart?.();
  });
}
