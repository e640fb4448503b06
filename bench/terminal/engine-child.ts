/** The engine process of one measurement (engine-process.ts), started and driven over its stdin and stdout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..');

export interface EngineChild {
  url: string;
  pid: number;
  go(): void;
  stop(): Promise<void>;
  stderr(): string;
}

export async function startEngineChild(pageDir: string, totalBytes: number): Promise<EngineChild> {
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'run-ts.mjs'), join(ROOT, 'bench', 'terminal', 'engine-process.ts'), '--page', pageDir, '--bytes', String(totalBytes)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the engine process exited (${code}) before listening:\n${stderr}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    pid: child.pid!,
    go: () => child.stdin!.write('go\n'),
    stop: async () => {
      child.stdin!.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    stderr: () => stderr,
  };
}
