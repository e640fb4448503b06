/** `picket spec check [-f FILE]`: validates a cluster.yaml and prints every error as FILE:LINE:COLUMN: PATH: MESSAGE. */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ROLES, type ClusterSpec } from '../project/cluster-spec.ts';
import { loadClusterSpec } from '../project/load-cluster-spec.ts';
import { formatSpecError } from '../project/spec-error.ts';
import { UsageError } from './usage-error.ts';

export const SPEC_USAGE = `usage: picket spec check [-f FILE]

Checks a cluster spec (default: cluster.yaml in the current folder) without contacting any host, and prints
every error as FILE:LINE:COLUMN: PATH: what is wrong and how to fix it. Exit code 0 when valid, 1 when not.`;

const PLURAL: Record<string, string> = { server: 'servers', agent: 'agents', sensor: 'sensors', data: 'data' };

/** "4 hosts (1 server, 1 data, 3 sensors)" */
export function describeSpec(spec: ClusterSpec): string {
  const counts = ROLES.flatMap((role) => {
    const n = spec.hosts.filter((host) => host.roles.includes(role)).length;
    return n ? [`${n} ${n === 1 ? role : PLURAL[role]}`] : [];
  });
  const jumpOnly = spec.hosts.filter((host) => host.roles.length === 0).length;
  if (jumpOnly) counts.push(`${jumpOnly} jump host${jumpOnly === 1 ? '' : 's'}`);
  return `${spec.hosts.length} host${spec.hosts.length === 1 ? '' : 's'} (${counts.join(', ')})`;
}

export async function specCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { file: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(SPEC_USAGE);
    return 0;
  }
  const [action, ...extra] = positionals;
  if (action !== 'check') throw new UsageError(`${action === undefined ? 'name an action' : `unknown action ${JSON.stringify(action)}`}\n\n${SPEC_USAGE}`);
  if (extra.length > 0) throw new UsageError(`unexpected ${JSON.stringify(extra[0])}: give the file with -f FILE`);
  const file = values.file ?? 'cluster.yaml';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${file} not found (create a project with picket init, or give the file with -f FILE)` : `cannot read ${file}: ${code ?? String(error)}`);
  }
  const loaded = loadClusterSpec(text, file);
  if (!loaded.ok) {
    for (const error of loaded.errors) console.error(formatSpecError(error));
    console.error(`${file}: ${loaded.errors.length} error${loaded.errors.length === 1 ? '' : 's'}`);
    return 1;
  }
  console.log(`${file} is valid: ${describeSpec(loaded.spec)}`);
  return 0;
}
