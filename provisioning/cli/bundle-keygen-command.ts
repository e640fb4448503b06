/**
 * `picket bundle keygen --out FILE`: a new ed25519 signing key. FILE gets the private key (PKCS#8 PEM, 0600,
 * encrypted when a passphrase is given), FILE.pub the public key as one `ssh-ed25519 AAAA… comment` line. Only
 * the fingerprint is printed; an existing key is never overwritten.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { generateBundleKeyPair } from '../bundle/bundle-keys.ts';
import { Secret } from '../ssh/secret.ts';
import { readHiddenLine } from './read-hidden-line.ts';
import { readSecretFromStdin } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

export const BUNDLE_KEYGEN_USAGE = `usage: picket bundle keygen --out FILE [--comment TEXT] [--passphrase-stdin | --passphrase-prompt]

Writes a new ed25519 key for signing bundles: FILE (the private key, PKCS#8 PEM, mode 0600 — keep it on the
connected machine, never in a bundle) and FILE.pub (the public key, one "ssh-ed25519 AAAA… comment" line, what
sites trust). With --passphrase-stdin (first line of stdin) or --passphrase-prompt the private key is encrypted
with a passphrase, asked for again when signing. Prints the key's SHA256 fingerprint, never the key.`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(file, text, { flag: 'wx', mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'EEXIST' ? `${file} already exists: keys are never overwritten (choose another --out, or remove it yourself)` : `cannot write ${file}: ${code ?? String(error)}`);
  }
}

export async function bundleKeygenCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      comment: { type: 'string' },
      'passphrase-stdin': { type: 'boolean' },
      'passphrase-prompt': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(BUNDLE_KEYGEN_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected ${JSON.stringify(positionals[0])}: give the key file with --out FILE`);
  if (!values.out) throw new UsageError(`name the key file: --out FILE\n\n${BUNDLE_KEYGEN_USAGE}`);
  let passphrase: Secret | undefined;
  if (values['passphrase-stdin']) passphrase = await readSecretFromStdin();
  else if (values['passphrase-prompt']) {
    if (!process.stdin.isTTY) throw new UsageError('--passphrase-prompt needs a terminal: use --passphrase-stdin');
    passphrase = new Secret(await readHiddenLine('passphrase for the new key (not shown): '));
  }
  if (passphrase?.isEmpty) throw new UsageError('the passphrase is empty: give one, or leave out --passphrase-stdin');

  const pub = `${values.out}.pub`;
  for (const file of [values.out, pub]) {
    if (await exists(file)) throw new Error(`${file} already exists: keys are never overwritten (choose another --out, or remove it yourself)`);
  }
  await mkdir(dirname(values.out), { recursive: true, mode: 0o700 });
  const keys = generateBundleKeyPair(values.comment ?? 'picket-bundle', passphrase);
  await writeNew(values.out, keys.privateKeyPem, 0o600);
  await writeNew(pub, `${keys.publicKeyLine}\n`, 0o644);
  console.log(`wrote ${values.out} (private key, 0600${passphrase ? ', passphrase-protected' : ''}) and ${pub} (public key)`);
  console.log(`fingerprint ${keys.fingerprint}`);
  console.log(`sign with: picket bundle sign DIR --key ${values.out}; sites verify with: picket bundle verify DIR --pubkey ${pub}`);
  return 0;
}
