/**
 * `picket secret set NAME [-C DIR]`: stores a secret in the project's secrets.yaml (0600). The value comes from
 * the first line of stdin, or is typed at a hidden prompt on a terminal; it is never echoed or printed.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSecret } from '../project/project-folder.ts';
import { DNS_LABEL, DNS_LABEL_RULE } from '../project/spec-formats.ts';
import { Secret } from '../ssh/secret.ts';
import { readHiddenLine } from './read-hidden-line.ts';
import { readSecretFromStdin } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

export const SECRET_USAGE = `usage: picket secret set NAME [-C DIR]

Stores a secret (a login or sudo password, a key passphrase) in DIR/secrets.yaml (default: the current folder),
mode 0600 and git-ignored. cluster.yaml refers to it by NAME (auth: { method: password, secret: NAME },
sudoSecret: NAME, passphraseSecret: NAME). The value is read from the first line of stdin, or typed at a hidden
prompt when stdin is a terminal; it is never shown. Setting a NAME again replaces its value.

  printf '%s\\n' "$PASSWORD" | picket secret set sensor-1-login -C field-kit-1`;

export async function secretCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dir: { type: 'string', short: 'C' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(SECRET_USAGE);
    return 0;
  }
  const [action, name, ...extra] = positionals;
  if (action !== 'set') throw new UsageError(`${action === undefined ? 'name an action' : `unknown action ${JSON.stringify(action)}`}\n\n${SECRET_USAGE}`);
  if (name === undefined) throw new UsageError(`name the secret: picket secret set NAME\n\n${SECRET_USAGE}`);
  // Only the name: a value given as an argument would land in the shell history and the process list.
  if (extra.length > 0) throw new UsageError('give only the name: the value is read from stdin, never from the command line');
  if (!DNS_LABEL.test(name)) throw new UsageError(`"${name}" is not a secret name: use ${DNS_LABEL_RULE} (e.g. sensor-1-login)`);

  const dir = values.dir ?? '.';
  const value = process.stdin.isTTY ? new Secret(await readHiddenLine(`value of ${name} (not shown): `)) : await readSecretFromStdin();
  if (value.isEmpty) throw new UsageError(`no value for ${name}: pipe it on stdin (first line), or type it at the prompt`);
  await writeSecret(dir, name, value);
  console.log(`stored ${name} in ${join(dir, 'secrets.yaml')}`);
  return 0;
}
