/**
 * One kernel setting (sysctl): set now and persisted in Picket's own /etc/sysctl.d drop-in. A host that cannot
 * take it — a global sysctl inside a container's network namespace, a read-only /proc/sys — says so and why.
 */
import { shScript } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { readRemoteFile, removeRemoteFile, writeRemoteFile } from './remote-file.ts';

const STATE_SCRIPT = `p=/proc/sys/$(printf %s "$1" | tr . /)
if [ ! -e "$p" ]; then echo missing; exit 0; fi
if [ -w "$p" ]; then echo writable; else echo read-only; fi
cat "$p"`;

interface SysctlState {
  access: 'missing' | 'writable' | 'read-only';
  value: string | null;
}

async function state(ctx: StepContext, key: string): Promise<SysctlState> {
  const out = await ctx.must(shScript(STATE_SCRIPT, 'picket-sysctl', key), `read ${key}`);
  const [access = 'missing', ...rest] = out.split('\n');
  return { access: access as SysctlState['access'], value: access === 'missing' ? null : rest.join(' ').trim().replace(/\s+/g, ' ') };
}

/** sysctl values with several fields (tcp_rmem) compare by their whitespace-separated fields. */
function same(a: string | null, b: string): boolean {
  return a !== null && a.split(/\s+/).join(' ') === b.split(/\s+/).join(' ');
}

export function dropInPath(key: string): string {
  return `/etc/sysctl.d/90-picket-${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.conf`;
}

export function sysctlStep(phase: string, host: string, key: string, value: string, why: string): Step {
  if (!/^[a-z0-9_]+(\.[a-z0-9_-]+)+$/i.test(key)) throw new Error(`not a sysctl name: ${JSON.stringify(key)}`);
  const file = dropInPath(key);
  const content = `# Written by Picket: ${why}\n${key} = ${value}\n`;
  const set = (ctx: StepContext, v: string) => ctx.must(shScript('sysctl -q -w "$1=$2"', 'picket-sysctl', key, v), `set ${key}`);
  return {
    id: stepId(phase, host, `sysctl-${key}`),
    title: `${key} = ${value}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      const s = await state(ctx, key);
      if (s.access === 'missing') {
        return { state: 'not-permitted', reason: `${key} does not exist here (a global setting is not visible from a container's namespace, or the kernel lacks it)` };
      }
      if (s.access === 'read-only') return { state: 'not-permitted', reason: `${key} is read-only here (/proc/sys is mounted read-only, as in a container)` };
      const persisted = (await readRemoteFile(ctx, file)) === content;
      const changes = [...(same(s.value, value) ? [] : [`${key}: ${s.value} -> ${value}`]), ...(persisted ? [] : [`persist in ${file}`])];
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { value: (await state(ctx, key)).value, file: await readRemoteFile(ctx, file) };
    },
    async apply(ctx) {
      await set(ctx, value);
      await writeRemoteFile(ctx, file, content);
    },
    async verify(ctx) {
      const s = await state(ctx, key);
      const problems = same(s.value, value) ? [] : [`${key} is ${s.value}, planned ${value}`];
      if ((await readRemoteFile(ctx, file)) !== content) problems.push(`${file} does not hold the planned setting`);
      return problems;
    },
    async revert(ctx, originals) {
      const before = originals as { value: string | null; file: string | null };
      if (before.value !== null) await set(ctx, before.value);
      if (before.file === null) await removeRemoteFile(ctx, file);
      else await writeRemoteFile(ctx, file, before.file);
    },
  };
}
