/** Reading the key files the bundle commands are given, with errors naming the file and the fix. */
import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { isEncryptedPrivateKey, loadPrivateKey, parsePublicKey } from '../bundle/bundle-keys.ts';
import { Secret } from '../ssh/secret.ts';
import { readHiddenLine } from './read-hidden-line.ts';
import { readSecretFromStdin } from './terminal-io.ts';
import { UsageError } from './usage-error.ts';

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} ${file} not found` : `cannot read ${what} ${file}: ${code ?? String(error)}`);
  }
}

/** A .pub file's content (one `ssh-ed25519 …` line or a PEM block), checked to be an ed25519 public key. */
export async function readPublicKeyFile(file: string): Promise<string> {
  const text = await readText(file, 'public key');
  try {
    parsePublicKey(text);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message} (picket bundle keygen writes one as FILE.pub)`);
  }
  return text.trim();
}

/** Opens a private key, asking for its passphrase on stdin (--passphrase-stdin) or at a hidden prompt. */
export async function readPrivateKeyFile(file: string, passphraseFromStdin: boolean): Promise<KeyObject> {
  const pem = await readText(file, 'private key');
  let passphrase: Secret | undefined;
  if (isEncryptedPrivateKey(pem)) {
    if (passphraseFromStdin) passphrase = await readSecretFromStdin();
    else if (process.stdin.isTTY) passphrase = new Secret(await readHiddenLine(`passphrase for ${file} (not shown): `));
    else throw new UsageError(`${file} is protected by a passphrase: give it with --passphrase-stdin`);
  }
  try {
    return loadPrivateKey(pem, passphrase);
  } catch (error) {
    throw new UsageError(`${file}: ${(error as Error).message}`);
  }
}
