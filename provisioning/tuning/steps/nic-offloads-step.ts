/**
 * Capture NIC features: offloads off (GRO/LRO/TSO/GSO and friends rewrite packets before a sensor sees them),
 * and the few that must be on (receive-hashing, so a multi-queue NIC spreads flows over its queues).
 */
import { parseEthtoolFeatures } from '../../inventory/parse-ethtool.ts';
import { argv, sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { refuseManagementNic } from './management-guard.ts';

async function features(ctx: StepContext, nic: string) {
  const out = await ctx.must(sh`ethtool -k ${nic}`, `read offloads of ${nic}`);
  const parsed = parseEthtoolFeatures(out);
  if (!parsed) throw new Error(`cannot read the offloads of ${nic}`);
  return parsed;
}

async function setFeatures(ctx: StepContext, nic: string, values: Record<string, boolean>): Promise<void> {
  const words = Object.entries(values).flatMap(([name, on]) => [name, on ? 'on' : 'off']);
  if (words.length) await ctx.must(argv(['ethtool', '-K', nic, ...words]), `set offloads of ${nic}`);
}

export function nicOffloadsStep(phase: string, host: string, nic: string, offloadsOff: string[], offloadsOn: string[] = []): Step {
  const wanted: Record<string, boolean> = Object.fromEntries([...offloadsOff.map((f) => [f, false]), ...offloadsOn.map((f) => [f, true])]);
  const names = Object.keys(wanted).sort();
  // A feature the NIC does not list is not the plan's to change (the planner only names listed ones).
  const wrong = (current: Record<string, { enabled: boolean }>) => names.filter((f) => current[f] && current[f].enabled !== wanted[f]);
  const describe = (f: string) => `${f} ${wanted[f] ? 'on' : 'off'}`;
  return {
    id: stepId(phase, host, `${nic}-offloads`),
    title: `${nic}: offloads off (${offloadsOff.join(', ') || 'none'})${offloadsOn.length ? `, on (${offloadsOn.join(', ')})` : ''}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const diff = wrong(await features(ctx, nic));
      return diff.length === 0 ? { state: 'in-sync' } : { state: 'changes', changes: diff.map((f) => `${nic} ${f}: ${wanted[f] ? 'off -> on' : 'on -> off'}`) };
    },
    async capture(ctx): Promise<Json> {
      const current = await features(ctx, nic);
      return Object.fromEntries(names.filter((f) => current[f]).map((f) => [f, current[f]!.enabled]));
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await setFeatures(ctx, nic, wanted);
    },
    async verify(ctx) {
      return wrong(await features(ctx, nic)).map((f) => `${nic}: ${describe(f)} did not take`);
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      await setFeatures(ctx, nic, originals as Record<string, boolean>);
    },
  };
}
