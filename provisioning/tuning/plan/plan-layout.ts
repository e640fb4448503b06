// Which CPU layout a capture host gets: the exclusive one whenever it fits, else the shared one for the whole host.
// The planner does not refuse a small host on its own: preflight already fails it on role-resources, and apply goes
// ahead only if the operator waived that check, so the plan is the best that fits and its first note says loudly
// what was given up. Worker counts asked for on a host big enough for the planner's own are still refused: that is
// a request to fix, not a small host.
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import type { CpuLayout, LayoutMode } from './host-tuning-plan.ts';
import { attemptCpuLayout, nodeList, type CoreShortage, type CpuLayoutRequest, type NicCoreDemand } from './plan-cpu-layout.ts';
import { planSharedLayout } from './plan-shared-layout.ts';

export interface LayoutChoice {
  mode: LayoutMode;
  layout: CpuLayout;
  /** Shared layout only: the warning the plan's notes must begin with. */
  warning: string | null;
  notes: string[];
}

function withoutWorkerCounts(demand: NicCoreDemand): NicCoreDemand {
  const { workers: _workers, ...rest } = demand;
  return rest;
}

function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The first note of a shared plan: how small the host is, who shares which CPUs, what to expect. */
export function sharedLayoutWarning(host: string, shortage: CoreShortage, layout: CpuLayout): string {
  const engines = new Set(layout.perNic.flatMap((entry) => [...(entry.zeekWorkers.length > 0 ? ['Zeek'] : []), ...(entry.suricataWorkers.length > 0 ? ['Suricata'] : [])]));
  const shared = layout.shared ?? [];
  const sharers = [
    ...['Zeek', 'Suricata'].filter((engine) => engines.has(engine)),
    ...(layout.irq.length > 0 ? ['interrupts'] : []),
    ...(layout.housekeeping.some((cpu) => shared.includes(cpu)) ? ['housekeeping'] : []),
  ];
  const cores = `${shortage.have} physical core${shortage.have === 1 ? '' : 's'}`;
  return (
    `shared layout: ${host} has ${cores} for capture on ${nodeList(shortage.nodes)} (an exclusive layout needs ${shortage.need}); ` +
    `${listOf(sharers)} share CPU${shared.length === 1 ? '' : 's'} ${formatCpuList(shared)} — expect drops under load. ` +
    'Waive role-resources only for labs and small kits.'
  );
}

export function planLayout(request: CpuLayoutRequest): LayoutChoice {
  const attempt = attemptCpuLayout(request);
  if (attempt.fits) return { mode: 'exclusive', layout: attempt.layout, warning: null, notes: attempt.notes };
  // The host's own shortfall, with the planner's worker counts: what the warning reports.
  const minimum = attemptCpuLayout({ ...request, nics: request.nics.map(withoutWorkerCounts) });
  if (minimum.fits) throw new Error(attempt.shortage.message);

  const { layout, notes } = planSharedLayout(request);
  return {
    mode: 'shared',
    layout,
    warning: sharedLayoutWarning(request.host, minimum.shortage, layout),
    notes: [`no exclusive layout: ${minimum.shortage.message}`, ...notes],
  };
}
