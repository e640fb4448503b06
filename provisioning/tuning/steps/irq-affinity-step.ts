/** A capture NIC's interrupts pinned to the planned NUMA-local cores, spread one queue per core. */
import { shScript } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import { parseCpuList } from '../../inventory/parse-cpu-list.ts';
import { refuseManagementNic } from './management-guard.ts';

const READ_SCRIPT = `d=/sys/class/net/$1/device/msi_irqs
[ -d "$d" ] || exit 0
for f in "$d"/*; do [ -e "$f" ] || continue; i=\${f##*/}; printf '%s %s\\n' "$i" "$(cat /proc/irq/$i/smp_affinity_list 2>/dev/null)"; done`;

async function affinities(ctx: StepContext, nic: string): Promise<Map<number, string>> {
  const out = await ctx.must(shScript(READ_SCRIPT, 'picket-irqs', nic), `read interrupts of ${nic}`);
  const map = new Map<number, string>();
  for (const line of out.split('\n')) {
    const m = /^(\d+) ([0-9,-]*)$/.exec(line.trim());
    if (m) map.set(Number(m[1]), m[2]!);
  }
  return map;
}

/** Which CPU each interrupt should go to: round-robin over the planned CPUs, in IRQ order. */
export function irqTargets(irqs: number[], cpus: number[]): Map<number, string> {
  return new Map([...irqs].sort((a, b) => a - b).map((irq, i) => [irq, String(cpus[i % cpus.length])]));
}

async function pin(ctx: StepContext, targets: Map<number, string>): Promise<void> {
  for (const [irq, cpus] of targets) {
    await ctx.must(shScript('printf %s "$2" > /proc/irq/"$1"/smp_affinity_list', 'picket-irq', irq, cpus), `pin IRQ ${irq} to ${cpus}`);
  }
}

export function irqAffinityStep(phase: string, host: string, nic: string, cpus: number[]): Step {
  const differences = (current: Map<number, string>) => {
    const targets = irqTargets([...current.keys()], cpus);
    return [...targets].filter(([irq, cpu]) => formatCpuList(parseCpuList(current.get(irq) ?? '') ?? []) !== cpu);
  };
  return {
    id: stepId(phase, host, `${nic}-irqs`),
    title: `${nic}: interrupts on CPUs ${formatCpuList(cpus)}`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const current = await affinities(ctx, nic);
      if (current.size === 0) return { state: 'in-sync', detail: `${nic} has no interrupts of its own (a virtual NIC)` };
      if (cpus.length === 0) return { state: 'not-permitted', reason: 'the plan has no IRQ cores for this NIC' };
      const diff = differences(current);
      return diff.length ? { state: 'changes', changes: diff.map(([irq, cpu]) => `IRQ ${irq}: CPUs ${current.get(irq)} -> ${cpu}`) } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return Object.fromEntries([...(await affinities(ctx, nic))].map(([irq, list]) => [String(irq), list]));
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await pin(ctx, irqTargets([...(await affinities(ctx, nic)).keys()], cpus));
    },
    async verify(ctx) {
      return differences(await affinities(ctx, nic)).map(([irq, cpu]) => `IRQ ${irq} is not on CPU ${cpu}`);
    },
    async revert(ctx, originals) {
      const before = new Map(Object.entries(originals as Record<string, string>).map(([irq, list]) => [Number(irq), list]));
      const present = await affinities(ctx, nic);
      await pin(ctx, new Map([...before].filter(([irq, list]) => present.has(irq) && list !== '')));
    },
  };
}
