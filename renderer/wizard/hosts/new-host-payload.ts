/**
 * A staged row as the hosts.add request carries it, with the batch's password or passphrase where its login
 * needs one. A row that cannot be sent yet says why (shown on that row).
 */
import type { NewHost } from '../../../provisioning/contract/host-requests.ts';
import type { StagedHost } from './staged-host.ts';

export interface BatchSecrets {
  password: string;
  passphrase: string;
}

export type PayloadOrProblem = { ok: true; host: NewHost } | { ok: false; message: string };

export function newHostPayload(row: StagedHost, secrets: BatchSecrets): PayloadOrProblem {
  let login: NewHost['login'];
  switch (row.login.method) {
    case 'agent':
      login = { method: 'agent' };
      break;
    case 'key':
      if (row.login.identityFile.trim() === '') return { ok: false, message: 'give the private key file' };
      login = { method: 'key', identityFile: row.login.identityFile.trim(), ...(secrets.passphrase ? { passphrase: secrets.passphrase } : {}) };
      break;
    case 'password':
      if (secrets.password === '') return { ok: false, message: 'type the password first' };
      login = { method: 'password', password: secrets.password };
      break;
  }
  return {
    ok: true,
    host: {
      name: row.name,
      address: row.address,
      ...(row.port === null ? {} : { port: row.port }),
      user: row.user,
      ...(row.sudo ? { sudo: true } : {}),
      roles: row.roles,
      login,
      ...(row.capture && row.capture.length > 0 ? { capture: row.capture } : {}),
    },
  };
}
