/** `picket init`, `picket spec check` and `picket secret set`, run as a user runs them (a child process). */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readSecret } from '../project/project-folder.ts';
import { runPicket } from '../../test/support/run-picket.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'picket.mjs');
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-cli-'));
});

const VALID = `apiVersion: picket/v1
kind: Cluster
name: kit
mode: cluster
defaults:
  auth: { method: key, identityFile: keys/id_ed25519 }
hosts:
  - name: server-1
    address: 10.0.0.10
    roles: [server, data]
  - name: sensor-1
    address: 10.0.0.11
    roles: [sensor]
    capture:
      - pci: "0000:3b:00.0"
        role: passive
        engines: [zeek, suricata]
`;

describe('picket init', () => {
  it('creates the project, names the cluster after the folder, and says what to do next', async () => {
    const dir = join(root, 'Field Kit 1');
    const run = await runPicket(['init', dir, '--mode', 'standalone']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^created .*Field Kit 1\/cluster\.yaml \(cluster field-kit-1, mode standalone\) and .*\.gitignore$/);
    expect(run.stdout).toContain('picket secret set NAME -C');
    const text = await readFile(join(dir, 'cluster.yaml'), 'utf8');
    expect(text).toMatch(/^name: field-kit-1$/m);
    expect(text).toMatch(/^mode: standalone$/m);
  });

  it('never overwrites a cluster.yaml', async () => {
    expect((await runPicket(['init', root, '--name', 'a'])).code).toBe(0);
    const again = await runPicket(['init', root, '--name', 'b']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`picket init: ${join(root, 'cluster.yaml')} already exists: this folder is a project already (edit it, or choose another folder)\n`);
  });

  it('refuses a bad mode or name as a usage error', async () => {
    const mode = await runPicket(['init', root, '--mode', 'hybrid']);
    expect([mode.code, mode.stderr]).toEqual([2, 'picket init: --mode must be standalone, cluster or external, got "hybrid"\n']);
    const name = await runPicket(['init', root, '--name', 'Kit_1']);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/--name must be a DNS label/);
  });
});

describe('picket spec check', () => {
  it('a fresh project: prints the error in FILE:LINE:COLUMN form and exits 1', async () => {
    await runPicket(['init', root, '--name', 'kit']);
    const file = join(root, 'cluster.yaml');
    const run = await runPicket(['spec', 'check', '-f', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${file}:25:8: hosts: no hosts yet: add at least one under hosts: (picket init writes a commented example)\n${file}: 1 error\n`);
  });

  it('every error, in file order', async () => {
    const file = join(root, 'cluster.yaml');
    await writeFile(file, VALID.replace('address: 10.0.0.10', 'adress: 10.0.0.10').replace('"0000:3b:00.0"', '"3b:00.0"'));
    const run = await runPicket(['spec', 'check', '-f', file]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toEqual([
      `${file}:9:5: hosts[0].adress: unknown key adress (did you mean address?)`,
      `${file}:15:14: hosts[1].capture[0].pci: "3b:00.0" is not a PCI address (expected 0000:3b:00.0 — see lspci -D or picket inventory)`,
      `${file}: 2 errors`,
      '',
    ]);
  });

  it('a valid spec: exit 0 and a one-line summary (cluster.yaml of the current folder by default)', async () => {
    await writeFile(join(root, 'cluster.yaml'), VALID);
    const run = spawnSync(process.execPath, [BIN, 'spec', 'check'], { cwd: root, encoding: 'utf8' });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, 'cluster.yaml is valid: 2 hosts (1 server, 1 sensor, 1 data)\n', '']);
  });

  it('a missing file', async () => {
    const run = await runPicket(['spec', 'check', '-f', join(root, 'nope.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`picket spec: ${join(root, 'nope.yaml')} not found (create a project with picket init, or give the file with -f FILE)\n`);
  });
});

describe('picket secret set', () => {
  beforeEach(async () => {
    await runPicket(['init', root, '--name', 'kit']);
  });

  it('stores the first line of stdin, 0600, and never prints it', async () => {
    const run = await runPicket(['secret', 'set', 'sensor-1-login', '-C', root], { stdin: 'hunter2-canary\nsecond line\n' });
    expect(run).toEqual({ code: 0, stdout: `stored sensor-1-login in ${join(root, 'secrets.yaml')}\n`, stderr: '' });
    expect((await stat(join(root, 'secrets.yaml'))).mode & 0o777).toBe(0o600);
    expect((await readSecret(root, 'sensor-1-login')).reveal()).toBe('hunter2-canary');
  });

  it('refuses a value on the command line, an empty value, a bad name, and a folder that is not a project', async () => {
    const inArgs = await runPicket(['secret', 'set', 'x', 'hunter2', '-C', root]);
    expect([inArgs.code, inArgs.stderr]).toEqual([2, 'picket secret: give only the name: the value is read from stdin, never from the command line\n']);
    const empty = await runPicket(['secret', 'set', 'x', '-C', root], { stdin: '\n' });
    expect([empty.code, empty.stderr]).toEqual([2, 'picket secret: no value for x: pipe it on stdin (first line), or type it at the prompt\n']);
    const badName = await runPicket(['secret', 'set', 'X Y', '-C', root], { stdin: 'v\n' });
    expect(badName.code).toBe(2);
    const elsewhere = await runPicket(['secret', 'set', 'x', '-C', join(root, 'other')], { stdin: 'v\n' });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/is not a Picket project \(no cluster\.yaml\): create one with picket init/);
  });

  it('on a terminal: asks at a prompt that shows nothing of what is typed', async () => {
    const pty = await import('node-pty');
    const term = pty.spawn(process.execPath, [BIN, 'secret', 'set', 'typed', '-C', root], {
      cols: 120,
      rows: 20,
      env: process.env as Record<string, string>,
    });
    let screen = '';
    let typed = false;
    const code = await new Promise<number>((resolve) => {
      term.onData((data) => {
        screen += data;
        if (!typed && screen.includes('(not shown): ')) {
          typed = true;
          term.write('typed-canary\x7fY\r');
        }
      });
      term.onExit(({ exitCode }) => resolve(exitCode));
    });
    expect(code).toBe(0);
    expect(screen).toContain('value of typed (not shown): ');
    expect(screen).not.toContain('canary');
    expect(screen).not.toContain('typed-canar');
    expect((await readSecret(root, 'typed')).reveal()).toBe('typed-canarY');
  });
});
