/** irqbalance off: it would move capture NIC interrupts off the cores the plan pinned them to. */
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';

interface ServiceState {
  installed: boolean;
  enabled: boolean;
  active: boolean;
}

async function service(ctx: StepContext): Promise<ServiceState> {
  const out = await ctx.must(
    sh`if systemctl cat irqbalance.service >/dev/null 2>&1; then echo installed; systemctl is-enabled irqbalance.service 2>/dev/null || true; systemctl is-active irqbalance.service 2>/dev/null || true; else echo absent; fi`,
    'read irqbalance state',
  );
  const [installed, enabled, active] = out.trim().split('\n');
  return { installed: installed === 'installed', enabled: enabled === 'enabled', active: active === 'active' };
}

export function irqbalanceOffStep(phase: string, host: string): Step {
  return {
    id: stepId(phase, host, 'irqbalance-off'),
    title: 'irqbalance stopped and disabled',
    host,
    phase,
    needs: [],
    async check(ctx) {
      const s = await service(ctx);
      if (!s.installed) return { state: 'in-sync', detail: 'irqbalance is not installed' };
      const changes = [...(s.enabled ? ['irqbalance: disable'] : []), ...(s.active ? ['irqbalance: stop'] : [])];
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { ...(await service(ctx)) };
    },
    async apply(ctx) {
      await ctx.must(sh`systemctl disable --now irqbalance.service`, 'disable irqbalance');
    },
    async verify(ctx) {
      const s = await service(ctx);
      return s.enabled || s.active ? ['irqbalance is still enabled or running'] : [];
    },
    async revert(ctx, originals) {
      const before = originals as unknown as ServiceState;
      if (before.enabled) await ctx.must(sh`systemctl enable irqbalance.service`, 'enable irqbalance');
      if (before.active) await ctx.must(sh`systemctl start irqbalance.service`, 'start irqbalance');
    },
  };
}
