/**
 * From a host a face adds (hosts.add, with its password or passphrase if any) to what cluster.yaml lists and
 * what secrets.yaml stores. Secrets are named after the host (sensor-1-login, sensor-1-passphrase, sensor-1-sudo)
 * and only their names go in cluster.yaml. What `defaults:` already says is left out, as a person would write it.
 */
import type { z } from 'zod';
import type { NewCaptureNicSchema, NewHost } from '../contract/host-requests.ts';
import { DEFAULT_PORT, DEFAULT_USER, type AuthRef, type HostDefaults } from '../project/cluster-spec.ts';
import type { CaptureEntry, HostEntry } from '../project/edit-cluster-hosts.ts';
import { Secret } from '../ssh/secret.ts';
import { RequestFailure } from './request-failure.ts';

export interface SecretToStore {
  name: string;
  value: Secret;
}

export interface NewHostEntry {
  entry: HostEntry;
  secrets: SecretToStore[];
}

/** `<host>-<purpose>`, shortened to stay a DNS label (63 characters at most). */
export function hostSecretName(host: string, purpose: 'login' | 'passphrase' | 'sudo'): string {
  const room = 63 - purpose.length - 1;
  return `${host.slice(0, room).replace(/-+$/, '')}-${purpose}`;
}

/** A capture NIC as a face names it: by PCI address (physical), or by name and MAC (virtual). */
export function captureEntry(host: string, nic: z.output<typeof NewCaptureNicSchema>): CaptureEntry {
  if (nic.pci !== undefined && nic.name === undefined && nic.mac === undefined) return { pci: nic.pci, engines: nic.engines };
  if (nic.pci === undefined && nic.name !== undefined && nic.mac !== undefined) return { name: nic.name, mac: nic.mac, engines: nic.engines };
  throw new RequestFailure('InvalidRequest', `${host}: name a capture NIC by its PCI address, or by its name and MAC (a virtual NIC)`, { host });
}

function sameAuth(a: AuthRef | undefined, b: AuthRef): boolean {
  return a !== undefined && JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
}

export function newHostEntry(host: NewHost, defaults: HostDefaults | undefined): NewHostEntry {
  const secrets: SecretToStore[] = [];
  let auth: AuthRef;
  switch (host.login.method) {
    case 'agent':
      auth = { method: 'agent' };
      break;
    case 'key': {
      auth = { method: 'key', identityFile: host.login.identityFile };
      if (host.login.passphrase !== undefined) {
        const name = hostSecretName(host.name, 'passphrase');
        secrets.push({ name, value: new Secret(host.login.passphrase) });
        auth = { ...auth, passphraseSecret: name };
      }
      break;
    }
    case 'password': {
      const name = hostSecretName(host.name, 'login');
      secrets.push({ name, value: new Secret(host.login.password) });
      auth = { method: 'password', secret: name };
      break;
    }
  }
  let sudoSecret: string | undefined;
  if (host.sudoPassword !== undefined) {
    sudoSecret = hostSecretName(host.name, 'sudo');
    secrets.push({ name: sudoSecret, value: new Secret(host.sudoPassword) });
  }

  const entry: HostEntry = { name: host.name, address: host.address, roles: host.roles };
  if (host.port !== undefined && host.port !== (defaults?.port ?? DEFAULT_PORT)) entry.port = host.port;
  if (host.user !== undefined && host.user !== (defaults?.user ?? DEFAULT_USER)) entry.user = host.user;
  if (!sameAuth(defaults?.auth, auth)) entry.auth = auth;
  const sudo = host.sudo ?? (sudoSecret !== undefined ? true : undefined);
  if (sudo !== undefined && sudo !== (defaults?.sudo ?? false)) entry.sudo = sudo;
  if (sudoSecret !== undefined) entry.sudoSecret = sudoSecret;
  if (host.jump !== undefined) entry.jump = host.jump;
  const capture = (host.capture ?? []).map((nic) => captureEntry(host.name, nic));
  if (capture.length > 0) entry.capture = capture;
  return { entry, secrets };
}
