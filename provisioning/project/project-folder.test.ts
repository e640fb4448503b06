import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../ssh/secret.ts';
import { createProject, openProject, projectPaths, readSecret, writeSecret } from './project-folder.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-project-'));
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('createProject', () => {
  it('makes a private folder with the template and a .gitignore for secrets and runs', async () => {
    const dir = join(root, 'kit');
    const paths = await createProject(dir, { name: 'field-kit-1', mode: 'cluster' });
    expect(paths).toEqual(projectPaths(dir));
    expect(await mode(dir)).toBe(0o700);
    expect(await readFile(paths.clusterFile, 'utf8')).toMatch(/^name: field-kit-1$/m);
    expect((await readFile(paths.gitignore, 'utf8')).split('\n')).toEqual(expect.arrayContaining(['secrets.yaml', 'runs/']));
  });

  it('refuses to overwrite an existing cluster.yaml', async () => {
    await createProject(root, { name: 'a', mode: 'cluster' });
    await expect(createProject(root, { name: 'b', mode: 'cluster' })).rejects.toThrow(
      `${join(root, 'cluster.yaml')} already exists: this folder is a project already (edit it, or choose another folder)`,
    );
    expect(await readFile(join(root, 'cluster.yaml'), 'utf8')).toMatch(/^name: a$/m);
  });

  it('adds its entries to an existing .gitignore, once', async () => {
    await writeFile(join(root, '.gitignore'), 'node_modules/\nruns/');
    await createProject(root, { name: 'a', mode: 'standalone' });
    expect(await readFile(join(root, '.gitignore'), 'utf8')).toBe('node_modules/\nruns/\nsecrets.yaml\n');
  });

  it('refuses a name that is not a DNS label', async () => {
    await expect(createProject(root, { name: 'Field Kit', mode: 'cluster' })).rejects.toThrow(/"Field Kit" is not a cluster name/);
  });
});

describe('openProject', () => {
  it('returns the spec of a valid project and the located errors of an invalid one', async () => {
    await createProject(root, { name: 'kit', mode: 'cluster' });
    const fresh = await openProject(root);
    expect(fresh.ok).toBe(false);
    if (!fresh.ok) expect(fresh.errors.map((e) => [e.line, e.path])).toEqual([[25, 'hosts']]);
    await writeFile(join(root, 'cluster.yaml'), 'apiVersion: picket/v1\nkind: Cluster\nname: kit\nmode: standalone\nhosts:\n' +
      '  - { name: s1, address: 10.0.0.1, auth: { method: agent }, roles: [server, sensor], capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek] }] }\n');
    const opened = await openProject(root);
    expect(opened).toMatchObject({ ok: true, dir: root, file: join(root, 'cluster.yaml'), spec: { name: 'kit' } });
  });

  it('a folder without cluster.yaml is not a project', async () => {
    await expect(openProject(root)).rejects.toThrow(`${root} is not a Picket project (no cluster.yaml): create one with picket init ${root}`);
  });
});

describe('secrets', () => {
  beforeEach(async () => {
    await createProject(root, { name: 'kit', mode: 'cluster' });
  });

  it('writes secrets.yaml 0600 and reads values back as Secrets', async () => {
    await writeSecret(root, 'sensor-1-login', new Secret('hunter2-canary'));
    await writeSecret(root, 'sudo', new Secret('s3cret'));
    expect(await mode(join(root, 'secrets.yaml'))).toBe(0o600);
    const secret = await readSecret(root, 'sensor-1-login');
    expect(secret).toBeInstanceOf(Secret);
    expect(secret.reveal()).toBe('hunter2-canary');
    await writeSecret(root, 'sensor-1-login', new Secret('replaced'));
    expect((await readSecret(root, 'sensor-1-login')).reveal()).toBe('replaced');
    expect((await readSecret(root, 'sudo')).reveal()).toBe('s3cret');
  });

  it('keeps any text exactly, whatever YAML would make of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ minLength: 1 }), fc.constantFrom('yes', 'null', '0777', '~', '- a', '#x', ' lead', 'a: b', '"q"', '1e3')), async (value) => {
        await writeSecret(root, 'any', new Secret(value));
        expect((await readSecret(root, 'any')).reveal()).toBe(value);
      }),
      { numRuns: 60 },
    );
  });

  it('an unknown name names the file and the command that stores it', async () => {
    await expect(readSecret(root, 'nope')).rejects.toThrow(`no secret named nope in ${join(root, 'secrets.yaml')}: store it with picket secret set nope -C ${root}`);
  });

  it('refuses names that are not DNS labels, empty values, and folders that are not projects', async () => {
    await expect(writeSecret(root, 'Bad Name', new Secret('x'))).rejects.toThrow(/"Bad Name" is not a secret name/);
    await expect(writeSecret(root, 'ok', new Secret(''))).rejects.toThrow('the value for ok is empty: nothing stored');
    await expect(writeSecret(join(root, 'elsewhere'), 'ok', new Secret('x'))).rejects.toThrow(/is not a Picket project/);
  });

  it('refuses to read a secrets.yaml others can read; writing one makes it 0600 again', async () => {
    await writeSecret(root, 'a', new Secret('x'));
    const file = join(root, 'secrets.yaml');
    await chmod(file, 0o644);
    await expect(readSecret(root, 'a')).rejects.toThrow(`${file} can be read by other users (mode 644): run chmod 600 ${file}`);
    await writeSecret(root, 'b', new Secret('y'));
    expect(await mode(file)).toBe(0o600);
    expect((await readSecret(root, 'a')).reveal()).toBe('x');
  });

  it('a broken secrets.yaml is reported without quoting it', async () => {
    await writeFile(join(root, 'secrets.yaml'), 'a: "unterminated canary\n', { mode: 0o600 });
    await expect(readSecret(root, 'a')).rejects.toMatchObject({
      message: `${join(root, 'secrets.yaml')} is not valid YAML: fix it by hand, or remove it and store the secrets again with picket secret set NAME`,
    });
  });
});
