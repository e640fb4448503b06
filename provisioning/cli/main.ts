/** `picket`: the command-line face of the engine. */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.ts';

const USAGE = `picket — from bare-metal Linux hosts to a tuned, capturing sensor cluster

usage: picket <command> [options]

commands:
  init        create a project folder: a commented cluster.yaml to fill in, and a .gitignore
  spec check  check a cluster.yaml and print every error with its line and the fix
  secret set  store a password or passphrase in the project's secrets.yaml (read from stdin, never shown)
  inventory   inventory hosts over SSH: CPU/NUMA, NICs (queues, rings, offloads, SR-IOV), management NIC
  check       preflight every host of cluster.yaml: resources, OS, clocks, capture NICs and capture path
  plan        show what apply would change per host (and reboots), with each sensor's CPU core map
  apply       apply the plan with live output, journaled in runs/ (rerun to resume after a crash)
  verify      read every planned setting back from the hosts and report drift
  reset       revert a phase (--phase tuning) to the originals the journal recorded
  serve       the browser UI: serve it on 127.0.0.1 with an access token and print the URL to open
  bundle      the offline bundle: keygen, build (from a lock file or local files), sign, verify
  help        show this help (picket <command> --help for a command's own)

Local test hosts for trying Picket without hardware: npm run lab -- up`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      case '--version':
      case 'version':
        console.log(version());
        return 0;
      case 'init':
        return await (await import('./init-command.ts')).initCommand(rest);
      case 'spec':
        return await (await import('./spec-command.ts')).specCommand(rest);
      case 'secret':
        return await (await import('./secret-command.ts')).secretCommand(rest);
      case 'inventory':
        return await (await import('./inventory-command.ts')).inventoryCommand(rest);
      case 'check':
        return await (await import('./check-command.ts')).checkCommand(rest);
      case 'plan':
        return await (await import('./plan-command.ts')).planCommand(rest);
      case 'apply':
        return await (await import('./apply-command.ts')).applyCommand(rest);
      case 'verify':
        return await (await import('./verify-command.ts')).verifyCommand(rest);
      case 'reset':
        return await (await import('./reset-command.ts')).resetCommand(rest);
      case 'serve':
        return await (await import('./serve-command.ts')).serveCommand(rest);
      case 'bundle':
        return await (await import('./bundle-command.ts')).bundleCommand(rest);
      default:
        console.error(`picket: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`picket ${command}: ${(error as Error).message}`);
      return 2;
    }
    console.error(`picket ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
