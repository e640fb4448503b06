/**
 * `picket serve` as the end-to-end suites run it: the UI built as `npm start` builds it, then the real CLI in a
 * child process with a HOME of its own (nothing pinned or configured by an earlier run is seen), on a free port.
 * The URL it prints is the one the browser opens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const PICKET = join(ROOT, 'bin', 'picket.mjs');
const VITE = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');

/** Where `picket serve` serves the UI from (vite.config.ts builds there). */
const UI_DIR = join(ROOT, 'dist', 'renderer');

/**
 * Builds renderer/ as `npm start` does, into dist/renderer/ where `picket serve` serves it from — built aside and
 * moved in whole, so a page another suite (or `npm start`) is loading meanwhile never meets a half-emptied folder.
 */
export async function buildUi(): Promise<void> {
  await mkdir(dirname(UI_DIR), { recursive: true });
  const staging = await mkdtemp(join(dirname(UI_DIR), '.renderer-build-'));
  // As vite would make it (mkdtemp's folder is private).
  await chmod(staging, 0o755);
  try {
    const child = spawn(process.execPath, [VITE, 'build', '--logLevel', 'warn', '--outDir', staging, '--emptyOutDir'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`building the UI (vite build) failed with ${code}:\n${output}`);
    const old = `${staging}-old`;
    await rename(UI_DIR, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, UI_DIR).catch((error: NodeJS.ErrnoException) => {
      // Another suite moved its build in between: the same sources, so the same files.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    await rm(old, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface ServedPicket {
  /** The URL `picket serve` printed, token included. */
  url: string;
  /** http://127.0.0.1:PORT, without the token. */
  origin: string;
  /** HOME of the server: its ~/.config/picket (known_hosts of `picket inventory`) lives here and nowhere else. */
  home: string;
  /** What the server printed so far (stdout and stderr), to show when a test fails. */
  output(): string;
  /** Ctrl-C, as a user stops it; killed if it does not stop within the grace period. Removes HOME. */
  stop(): Promise<void>;
}

export interface ServeOptions {
  args?: string[];
  /** Reuse a HOME (a server restarted on the same machine); a fresh one otherwise. */
  home?: string;
  /** How long to wait for the URL. */
  timeoutMs?: number;
}

export async function startServe(options: ServeOptions = {}): Promise<ServedPicket> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'picket-e2e-home-')));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  // No agent of the developer's leaks in: every host in these suites logs in by key file or password.
  delete env.SSH_AUTH_SOCK;
  const child: ChildProcess = spawn(process.execPath, [PICKET, 'serve', '--port', '0', ...(options.args ?? [])], {
    cwd: home,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`picket serve printed no URL within ${options.timeoutMs ?? 60_000} ms:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = () => {
      const found = /picket serve: open (http:\/\/\S+)/.exec(output)?.[1];
      if (found) done(found);
    };
    const onExit = (code: number | null) => fail(new Error(`picket serve exited (${code}) before printing its URL:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    };
    const done = (found: string) => {
      cleanup();
      resolve(found);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    if (!options.home) await rm(home, { recursive: true, force: true });
    throw error;
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    origin: new URL(url).origin,
    home,
    output: () => output,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGINT');
          const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
          await exited;
          clearTimeout(timer);
        }
        if (!options.home) await rm(home, { recursive: true, force: true });
      })()),
  };
}
