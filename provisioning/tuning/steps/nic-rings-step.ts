/** Capture NIC rings sized as planned (deep enough to ride out bursts, not blindly at the maximum). */
import { parseEthtoolRings } from '../../inventory/parse-ethtool.ts';
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { refuseManagementNic } from './management-guard.ts';

interface Rings {
  rx: number | null;
  tx: number | null;
}

async function rings(ctx: StepContext, nic: string): Promise<Rings> {
  const out = await ctx.run(sh`ethtool -g ${nic}`, `read rings of ${nic}`);
  const parsed = out.exitCode === 0 ? parseEthtoolRings(out.stdout) : null;
  return parsed ? parsed.current : { rx: null, tx: null };
}

async function setRings(ctx: StepContext, nic: string, value: Rings): Promise<void> {
  if (value.rx !== null) await ctx.must(sh`ethtool -G ${nic} rx ${value.rx}`, `set rx ring of ${nic}`);
  if (value.tx !== null) await ctx.must(sh`ethtool -G ${nic} tx ${value.tx}`, `set tx ring of ${nic}`);
}

export function nicRingsStep(phase: string, host: string, nic: string, wanted: { rx: number; tx: number }): Step {
  return {
    id: stepId(phase, host, `${nic}-rings`),
    title: `${nic}: rings rx ${wanted.rx} tx ${wanted.tx}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const current = await rings(ctx, nic);
      if (current.rx === null && current.tx === null) return { state: 'not-permitted', reason: `the ${nic} driver does not report ring sizes` };
      const changes = (['rx', 'tx'] as const).filter((k) => current[k] !== null && current[k] !== wanted[k]).map((k) => `${nic} ${k} ring: ${current[k]} -> ${wanted[k]}`);
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { ...(await rings(ctx, nic)) };
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await setRings(ctx, nic, wanted);
    },
    async verify(ctx) {
      const current = await rings(ctx, nic);
      return (['rx', 'tx'] as const).filter((k) => current[k] !== null && current[k] !== wanted[k]).map((k) => `${nic} ${k} ring is ${current[k]}, planned ${wanted[k]}`);
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      await setRings(ctx, nic, originals as unknown as Rings);
    },
  };
}
