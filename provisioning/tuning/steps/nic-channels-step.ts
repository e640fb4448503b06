/** Capture NIC queue count matched to the planned IRQ/worker count (RSS spreads flows over these queues). */
import { parseEthtoolChannels } from '../../inventory/parse-ethtool.ts';
import { argv, sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { refuseManagementNic } from './management-guard.ts';

type Kind = 'combined' | 'rx';

async function channels(ctx: StepContext, nic: string, kind: Kind): Promise<number | null> {
  const out = await ctx.run(sh`ethtool -l ${nic}`, `read channels of ${nic}`);
  const parsed = out.exitCode === 0 ? parseEthtoolChannels(out.stdout) : null;
  return parsed?.current[kind] ?? null;
}

export function nicChannelsStep(phase: string, host: string, nic: string, wanted: { kind: Kind; count: number }): Step {
  const set = (ctx: StepContext, count: number) => ctx.must(argv(['ethtool', '-L', nic, wanted.kind, count]), `set ${wanted.kind} channels of ${nic}`);
  return {
    id: stepId(phase, host, `${nic}-channels`),
    title: `${nic}: ${wanted.count} ${wanted.kind} queue${wanted.count === 1 ? '' : 's'}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const current = await channels(ctx, nic, wanted.kind);
      if (current === null) return { state: 'not-permitted', reason: `the ${nic} driver has no ${wanted.kind} channel setting` };
      return current === wanted.count ? { state: 'in-sync' } : { state: 'changes', changes: [`${nic} ${wanted.kind} queues: ${current} -> ${wanted.count}`] };
    },
    async capture(ctx): Promise<Json> {
      return { count: await channels(ctx, nic, wanted.kind) };
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await set(ctx, wanted.count);
    },
    async verify(ctx) {
      const current = await channels(ctx, nic, wanted.kind);
      return current === wanted.count ? [] : [`${nic} has ${current} ${wanted.kind} queues, planned ${wanted.count}`];
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      const previous = (originals as { count: number | null }).count;
      if (previous !== null) await set(ctx, previous);
    },
  };
}
