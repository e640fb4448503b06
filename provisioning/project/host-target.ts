/**
 * From a host of the project's spec to what the SSH layer connects to: defaults applied, secrets read from
 * secrets.yaml, the key file found relative to the project folder, and the jump host resolved to its own target.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { AuthMethod } from '../ssh/auth.ts';
import type { HostTarget } from '../ssh/connection.ts';
import type { Secret } from '../ssh/secret.ts';
import { effectiveHost, type AuthRef, type EffectiveHost, type HostSpec } from './cluster-spec.ts';
import { loadSecrets, ProjectError, type Project, type ProjectSecrets } from './project-folder.ts';

/** A key path as written in cluster.yaml: absolute, `~/…`, or relative to the project folder. */
export function resolveIdentityFile(projectDir: string, file: string): string {
  if (file === '~' || file.startsWith('~/')) return join(homedir(), file.slice(1));
  return isAbsolute(file) ? file : resolve(projectDir, file);
}

function authMethods(auth: AuthRef, projectDir: string, secrets: ProjectSecrets): AuthMethod[] {
  switch (auth.method) {
    case 'agent':
      return [{ kind: 'agent' }];
    case 'key': {
      const identityFile = resolveIdentityFile(projectDir, auth.identityFile);
      return [{ kind: 'key', identityFile, ...(auth.passphraseSecret ? { passphrase: secrets.get(auth.passphraseSecret) } : {}) }];
    }
    case 'password': {
      const password = secrets.get(auth.secret);
      // Many sshd configurations take a password only through keyboard-interactive.
      return [{ kind: 'password', password }, { kind: 'keyboard-interactive', password }];
    }
  }
}

function sudoPassword(host: EffectiveHost, secrets: ProjectSecrets): Secret | undefined {
  if (!host.sudo) return undefined;
  if (host.sudoSecret) return secrets.get(host.sudoSecret);
  // Without a sudo secret, sudo is answered with the login password, or is expected to need none (NOPASSWD).
  return host.auth.method === 'password' ? secrets.get(host.auth.secret) : undefined;
}

function target(project: Project, host: HostSpec, secrets: ProjectSecrets, seen: string[]): HostTarget {
  if (seen.includes(host.name)) throw new ProjectError(`jump cycle ${[...seen, host.name].join(' → ')} in ${project.file}`);
  const effective = effectiveHost(project.spec, host);
  const result: HostTarget = {
    label: host.name,
    address: effective.address,
    port: effective.port,
    user: effective.user,
    auth: authMethods(effective.auth, project.dir, secrets),
  };
  const sudo = sudoPassword(effective, secrets);
  if (sudo) result.sudoPassword = sudo;
  if (effective.jump !== undefined) {
    const jumpHost = project.spec.hosts.find((h) => h.name === effective.jump);
    if (!jumpHost) throw new ProjectError(`${host.name}: jump host ${effective.jump} is not a host of ${project.file}`);
    result.jump = target(project, jumpHost, secrets, [...seen, host.name]);
  }
  return result;
}

/** The SSH target of a host of the project (by spec entry or by name). Throws ProjectError for a missing secret. */
export async function toHostTarget(project: Project, host: HostSpec | string): Promise<HostTarget> {
  const spec = typeof host === 'string' ? project.spec.hosts.find((h) => h.name === host) : host;
  if (!spec) throw new ProjectError(`no host named ${String(host)} in ${project.file}`);
  return target(project, spec, await loadSecrets(project.dir), []);
}
