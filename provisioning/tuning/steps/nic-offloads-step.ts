/** Capture NIC offloads off: GRO/LRO/TSO/GSO and friends rewrite packets before a sensor sees them. */
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

export function nicOffloadsStep(phase: string, host: string, nic: string, offloadsOff: string[]): Step {
  const wanted = [...offloadsOff].sort();
  return {
    id: stepId(phase, host, `${nic}-offloads`),
    title: `${nic}: offloads off (${wanted.join(', ') || 'none'})`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const current = await features(ctx, nic);
      const on = wanted.filter((f) => current[f]?.enabled);
      return on.length === 0 ? { state: 'in-sync' } : { state: 'changes', changes: on.map((f) => `${nic} ${f}: on -> off`) };
    },
    async capture(ctx): Promise<Json> {
      const current = await features(ctx, nic);
      return Object.fromEntries(wanted.filter((f) => current[f]).map((f) => [f, current[f]!.enabled]));
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await setFeatures(ctx, nic, Object.fromEntries(wanted.map((f) => [f, false])));
    },
    async verify(ctx) {
      const current = await features(ctx, nic);
      return wanted.filter((f) => current[f]?.enabled).map((f) => `${nic} ${f} is still on`);
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      await setFeatures(ctx, nic, originals as Record<string, boolean>);
    },
  };
}
