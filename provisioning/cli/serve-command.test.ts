/** `picket serve` as a user runs it: the one URL it prints, the warning off loopback, bad flags, Ctrl-C. */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPicket } from '../../test/support/run-picket.ts';
import { createProject } from '../project/project-folder.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');

interface Served {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts `picket serve`, waits for its URL, optionally requests the page, then presses Ctrl-C and waits for it to stop. */
async function serveUntilUrl(args: string[], onUrl?: (url: string) => Promise<void>): Promise<Served> {
  // Its own config dir: serve remembers the project it opened there, never in the real user's home.
  const config = await mkdtemp(join(tmpdir(), 'picket-serve-config-'));
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: config } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /http:\/\/\S+/.exec(stdout)?.[0];
      if (found && stdout.includes('Ctrl-C stops it.')) {
        clearInterval(timer);
        resolve(found);
      }
      if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`picket serve exited: ${stderr}`));
      }
    }, 10);
  });
  await onUrl?.(url);
  child.kill('SIGINT');
  const code = await exited;
  return { stdout, stderr, code };
}

describe('picket serve', () => {
  it('prints one URL, http://127.0.0.1:PORT/?token=<64 hex>, serves it, and stops cleanly on Ctrl-C', async () => {
    let status = 0;
    const run = await serveUntilUrl([], async (url) => {
      status = (await fetch(url)).status;
    });
    expect(run.stdout.match(/http:\/\//g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^picket serve: open http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/m);
    expect(status).toBe(200);
    expect(run.stderr).toContain('picket serve: stopping');
    expect(run.code).toBe(0);
  });

  it('warns, naming the risk, when told to listen beyond loopback', async () => {
    const run = await serveUntilUrl(['--listen', '0.0.0.0']);
    expect(run.stderr.split('\n')[0]).toMatch(/^warning: listening on 0\.0\.0\.0: anyone on every network this machine is on can reach this server.*token travels in clear text/);
    expect(run.stdout).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/m);
    expect(run.code).toBe(0);
  });

  it('says nothing of risk on loopback, and opens the project given with -f', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'picket-serve-cli-'));
    await createProject(dir, {
      name: 'kit',
      mode: 'standalone',
      clusterYaml: [
      'apiVersion: picket/v1',
      'kind: Cluster',
      'name: kit',
      'mode: standalone',
      'defaults:',
      '  auth: { method: agent }',
      'hosts:',
      '  - name: lab-1',
      '    address: 198.18.0.250',
      '    roles: [server, sensor, data]',
      '    capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek] }]',
      '',
    ].join('\n'),
    });
    const run = await serveUntilUrl(['--listen', '127.0.0.1', '--port', '0', '-f', join(dir, 'cluster.yaml')]);
    expect(run.stderr).not.toContain('warning');
    expect(run.stdout).toContain(`project kit (${join(dir, 'cluster.yaml')}): 1 host(s)`);
  });

  it('refuses a host name for --listen and a port out of range', async () => {
    const name = await runPicket(['serve', '--listen', 'localhost']);
    expect([name.code, name.stderr]).toEqual([2, 'picket serve: --listen must be an IP address (e.g. 127.0.0.1 or 0.0.0.0), got localhost\n']);
    const port = await runPicket(['serve', '--port', '70000']);
    expect([port.code, port.stderr]).toEqual([2, 'picket serve: --port must be 0-65535 (0: a free port), got 70000\n']);
  });
});
