import { mkdtemp, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../ssh/secret.ts';
import { toHostTarget } from './host-target.ts';
import { createProject, openProject, writeSecret, type Project } from './project-folder.ts';

let project: Project;

const SPEC = `apiVersion: picket/v1
kind: Cluster
name: kit
mode: cluster
defaults:
  auth: { method: key, identityFile: keys/id_ed25519, passphraseSecret: key-pass }
  jump: bastion
hosts:
  - name: bastion
    address: 10.0.0.2
    port: 2222
    auth: { method: agent }
    roles: []
  - name: server-1
    address: 10.0.0.10
    user: ops
    sudo: true
    roles: [server, data]
  - name: sensor-1
    address: 10.0.0.11
    user: ops
    auth: { method: password, secret: sensor-1-login }
    sudo: true
    roles: [sensor]
    capture: [{ name: cap0, mac: "02:aa:00:00:01:00", role: passive, engines: [zeek] }]
  - name: sensor-2
    address: 10.0.0.12
    auth: { method: key, identityFile: ~/.ssh/id_sensor }
    jump: sensor-1
    user: ops
    sudo: true
    sudoSecret: sensor-2-sudo
    roles: [sensor]
    capture: [{ name: cap0, mac: "02:aa:00:00:02:00", role: passive, engines: [zeek] }]
`;

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'picket-target-'));
  await createProject(dir, { name: 'kit', mode: 'cluster', clusterYaml: SPEC });
  for (const [name, value] of [['key-pass', 'kp'], ['sensor-1-login', 'pw1'], ['sensor-2-sudo', 'sudo2']] as const) {
    await writeSecret(dir, name, new Secret(value));
  }
  const opened = await openProject(dir);
  if (!opened.ok) throw new Error(opened.errors.map((e) => e.message).join('\n'));
  project = opened;
});

describe('toHostTarget', () => {
  it('a jump host with agent auth and its own port', async () => {
    expect(await toHostTarget(project, 'bastion')).toEqual({ label: 'bastion', address: '10.0.0.2', port: 2222, user: 'root', auth: [{ kind: 'agent' }] });
  });

  it('defaults: a key relative to the project with its passphrase, the default jump host, passwordless sudo', async () => {
    const target = await toHostTarget(project, 'server-1');
    expect(target).toMatchObject({ label: 'server-1', address: '10.0.0.10', port: 22, user: 'ops', jump: { label: 'bastion' } });
    expect(target.auth).toEqual([{ kind: 'key', identityFile: join(project.dir, 'keys/id_ed25519'), passphrase: expect.any(Secret) }]);
    const [key] = target.auth;
    expect(key?.kind === 'key' && key.passphrase?.reveal()).toBe('kp');
    expect(target.sudoPassword).toBeUndefined();
  });

  it('password auth answers password and keyboard-interactive, and sudo, with the login secret', async () => {
    const target = await toHostTarget(project, project.spec.hosts[2]!);
    expect(target.auth.map((m) => m.kind)).toEqual(['password', 'keyboard-interactive']);
    expect(target.sudoPassword?.reveal()).toBe('pw1');
    expect(JSON.stringify(target)).not.toContain('pw1');
  });

  it('a ~/ key path, a sudo secret of its own, and a chain of jump hosts', async () => {
    const target = await toHostTarget(project, 'sensor-2');
    expect(target.auth).toEqual([{ kind: 'key', identityFile: join(homedir(), '.ssh/id_sensor') }]);
    expect(target.sudoPassword?.reveal()).toBe('sudo2');
    expect(target.jump?.label).toBe('sensor-1');
    expect(target.jump?.jump?.label).toBe('bastion');
    expect(target.jump?.jump?.jump).toBeUndefined();
  });

  it('a secret that is not stored: names it and the command', async () => {
    await writeFile(join(project.dir, 'secrets.yaml'), 'key-pass: kp\n', { mode: 0o600 });
    await expect(toHostTarget(project, 'sensor-1')).rejects.toThrow(
      `no secret named sensor-1-login in ${join(project.dir, 'secrets.yaml')}: store it with picket secret set sensor-1-login -C ${project.dir}`,
    );
  });
});
