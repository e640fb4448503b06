/** `picket bundle <action>`: the offline bundle — make a signing key, build, sign, verify. Each action loads only its own code. */
import { UsageError } from './usage-error.ts';

export const BUNDLE_USAGE = `usage: picket bundle <action> [options]

The offline bundle: every artifact Picket installs, in one signed folder (or .tar) carried in on a drive.

actions:
  keygen  --out FILE                  write an ed25519 signing key (FILE, 0600) and its public half (FILE.pub)
  build   --lock FILE --out DIR       download every artifact of a lock file, each checked against its sha256
  build   --from SRC --out DIR        assemble a bundle from local files (a site's own mirror, tests)
  sign    DIR --key FILE              check every file against manifest.json, then sign it (manifest.sig)
  verify  DIR|FILE.tar --pubkey FILE  check the signature and every file's size and sha256; exit 1 on any problem

picket bundle <action> --help shows an action's own options.`;

export async function bundleCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(BUNDLE_USAGE);
      return action === undefined ? 2 : 0;
    case 'keygen':
      return (await import('./bundle-keygen-command.ts')).bundleKeygenCommand(rest);
    case 'build':
      return (await import('./bundle-build-command.ts')).bundleBuildCommand(rest);
    case 'sign':
      return (await import('./bundle-sign-command.ts')).bundleSignCommand(rest);
    case 'verify':
      return (await import('./bundle-verify-command.ts')).bundleVerifyCommand(rest);
    default:
      throw new UsageError(`unknown action ${JSON.stringify(action)}\n\n${BUNDLE_USAGE}`);
  }
}
