/** `picket init [DIR]`: a new project folder with a commented cluster.yaml to fill in. */
import { basename, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MODES, type Mode } from '../project/cluster-spec.ts';
import { createProject } from '../project/project-folder.ts';
import { DNS_LABEL, DNS_LABEL_RULE, either } from '../project/spec-formats.ts';
import { UsageError } from './usage-error.ts';

export const INIT_USAGE = `usage: picket init [DIR] [--name NAME] [--mode standalone|cluster|external]

Creates a project folder (default: the current one): cluster.yaml — a commented template whose hosts are an
example to fill in (picket spec check reports "no hosts yet" until you do) — and a .gitignore that keeps
secrets.yaml and runs/ out of version control. Never overwrites an existing cluster.yaml.

options:
  --name NAME   cluster name, a DNS label (default: the folder's name, made into one)
  --mode MODE   standalone (one host does all), cluster (default) or external (sensors only)`;

/** The folder name made into a DNS label ("Field Kit 1" → field-kit-1), or undefined if nothing is left. */
function nameFromFolder(dir: string): string | undefined {
  const label = basename(resolve(dir))
    .toLowerCase()
    .replaceAll(/[^a-z0-9-]+/g, '-')
    .replaceAll(/-+/g, '-')
    .replaceAll(/^-|-$/g, '')
    .slice(0, 63)
    .replace(/-$/, '');
  return DNS_LABEL.test(label) ? label : undefined;
}

export async function initCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' }, mode: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(INIT_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`one folder at most, got ${positionals.length}\n\n${INIT_USAGE}`);
  const dir = positionals[0] ?? '.';
  const mode = (values.mode ?? 'cluster') as Mode;
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be ${either(MODES)}, got ${JSON.stringify(values.mode)}`);
  const name = values.name ?? nameFromFolder(dir);
  if (name === undefined) throw new UsageError(`cannot make a cluster name from the folder's name: give --name NAME (${DNS_LABEL_RULE})`);
  if (!DNS_LABEL.test(name)) throw new UsageError(`--name must be a DNS label (${DNS_LABEL_RULE}), got ${JSON.stringify(name)}`);

  const paths = await createProject(dir, { name, mode });
  const shown = relative(process.cwd(), paths.clusterFile) || paths.clusterFile;
  const folder = relative(process.cwd(), resolve(dir)) || '.';
  console.log(`created ${shown} (cluster ${name}, mode ${mode}) and ${join(folder, '.gitignore')}`);
  console.log('next:');
  console.log(`  1. list your hosts in ${shown} (picket inventory HOST shows their NICs)`);
  console.log(`  2. store passwords and passphrases: picket secret set NAME -C ${folder}`);
  console.log(`  3. check it: picket spec check -f ${shown}`);
  return 0;
}
