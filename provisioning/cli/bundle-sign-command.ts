/** `picket bundle sign DIR --key FILE`: checks every file against manifest.json, then writes manifest.sig. */
import { parseArgs } from 'node:util';
import { BundleNotSignableError, signBundle } from '../bundle/sign-bundle.ts';
import { readPrivateKeyFile } from './bundle-key-files.ts';
import { formatFraction, progressLine } from './bundle-progress.ts';
import { UsageError } from './usage-error.ts';

export const BUNDLE_SIGN_USAGE = `usage: picket bundle sign DIR --key FILE [--passphrase-stdin]

Checks that every file of the bundle folder DIR matches its manifest.json (size and sha256), then writes
DIR/manifest.sig: an ed25519 signature over manifest.json's exact bytes, one line of base64. FILE is a private
key from picket bundle keygen; its passphrase, if any, is read from stdin (--passphrase-stdin) or asked for.`;

export async function bundleSignCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string', short: 'k' }, 'passphrase-stdin': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(BUNDLE_SIGN_USAGE);
    return 0;
  }
  const [dir, ...extra] = positionals;
  if (dir === undefined) throw new UsageError(`name the bundle folder: picket bundle sign DIR --key FILE\n\n${BUNDLE_SIGN_USAGE}`);
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}: sign one bundle folder at a time`);
  if (!values.key) throw new UsageError(`give the private key: --key FILE (picket bundle keygen makes one)`);
  const key = await readPrivateKeyFile(values.key, Boolean(values['passphrase-stdin']));
  const line = progressLine();
  try {
    const fingerprint = await signBundle(dir, key, (p) => {
      line.update(`checking ${p.path}: ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
      line.milestone(p.bundleBytesDone, p.bundleBytesTotal, () => `checked ${formatFraction(p.bundleBytesDone, p.bundleBytesTotal)}`);
    });
    line.end();
    console.log(`signed ${dir}/manifest.json with ${fingerprint}`);
    return 0;
  } catch (error) {
    line.end();
    if (error instanceof BundleNotSignableError) {
      console.error(`picket bundle sign: ${error.message}\nrebuild the bundle (picket bundle build), then sign it`);
      return 1;
    }
    throw error;
  }
}
