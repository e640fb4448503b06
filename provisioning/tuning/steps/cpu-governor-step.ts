/** CPU frequency governor "performance": frequency ramps add latency that capture cores cannot afford. */
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { readRemoteFile, removeRemoteFile, writeRemoteFile } from './remote-file.ts';

const TMPFILES = '/etc/tmpfiles.d/90-picket-cpu-governor.conf';
// systemd-tmpfiles writes sysfs at every boot: persistence without a service of our own.
const TMPFILES_CONTENT = '# Written by Picket: capture cores run at full clock\nw /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor - - - - performance\n';

async function governors(ctx: StepContext): Promise<Record<string, string>> {
  const out = await ctx.must(
    sh`for f in /sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor; do [ -e "$f" ] && printf '%s %s\n' "$f" "$(cat "$f")"; done; true`,
    'read CPU governors',
  );
  return Object.fromEntries(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
}

export function cpuGovernorStep(phase: string, host: string): Step {
  return {
    id: stepId(phase, host, 'cpu-governor'),
    title: 'CPU governor: performance',
    host,
    phase,
    needs: [],
    async check(ctx) {
      const current = await governors(ctx);
      if (Object.keys(current).length === 0) {
        return { state: 'not-permitted', reason: 'this host exposes no CPU frequency control (cpufreq), as in a VM or container' };
      }
      const slow = Object.entries(current).filter(([, g]) => g !== 'performance');
      const persisted = (await readRemoteFile(ctx, TMPFILES)) === TMPFILES_CONTENT;
      const changes = [...(slow.length ? [`${slow.length} CPUs: governor ${[...new Set(slow.map(([, g]) => g))].join('/')} -> performance`] : []), ...(persisted ? [] : [`persist in ${TMPFILES}`])];
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { governors: await governors(ctx), file: await readRemoteFile(ctx, TMPFILES) };
    },
    async apply(ctx) {
      await ctx.must(sh`for f in /sys/devices/system/cpu/cpu[0-9]*/cpufreq/scaling_governor; do echo performance > "$f"; done`, 'set governors');
      await writeRemoteFile(ctx, TMPFILES, TMPFILES_CONTENT);
    },
    async verify(ctx) {
      return Object.entries(await governors(ctx)).filter(([, g]) => g !== 'performance').map(([f, g]) => `${f} is ${g}`);
    },
    async revert(ctx, originals) {
      const before = originals as { governors: Record<string, string>; file: string | null };
      for (const [file, governor] of Object.entries(before.governors)) {
        await ctx.must(sh`printf %s ${governor} > ${file}`, `restore ${file}`);
      }
      if (before.file === null) await removeRemoteFile(ctx, TMPFILES);
      else await writeRemoteFile(ctx, TMPFILES, before.file);
    },
  };
}
