// A compact picture of a host's CPU layout for `picket plan`: one line per NUMA node, one cell per physical
// core with a letter per logical CPU (SMT siblings side by side), the capture NICs at the node they hang off,
// and a legend of the letters used. A shared (small-host) layout says so in its header and draws its shared CPUs
// as X.
import { cpusByRole, type CpuRole } from './cpu-roles.ts';
import type { CpuLayout, HostTuningPlan } from './host-tuning-plan.ts';

const LETTERS: ReadonlyArray<readonly [role: CpuRole, letter: string, meaning: string]> = [
  ['housekeeping', 'H', 'housekeeping'],
  ['shared', 'X', 'shared by Zeek, Suricata and interrupts (small host)'],
  ['irq', 'I', 'NIC interrupts'],
  ['suricata-management', 'M', 'Suricata management'],
  ['zeek-control', 'C', 'Zeek manager/logger/proxy'],
  ['zeek', 'Z', 'Zeek worker'],
  ['zeek-idle', 'z', 'idle thread of a Zeek core'],
  ['suricata', 'S', 'Suricata worker'],
];
const UNUSED = '.';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function renderCoreMap(plan: HostTuningPlan): string {
  const { layout } = plan;
  const letterOf = new Map<number, string>();
  for (const [role, cpus] of cpusByRole(layout)) {
    const letter = LETTERS.find(([candidate]) => candidate === role)?.[1] ?? '?';
    for (const cpu of cpus) letterOf.set(cpu, letter);
  }

  const coresOf = (node: CpuLayout['nodes'][number]) => node.cores ?? node.cpus.map((cpu) => [cpu]);
  const cores = layout.nodes.reduce((total, node) => total + coresOf(node).length, 0);
  const cpus = layout.nodes.reduce((total, node) => total + node.cpus.length, 0);
  const pinned = letterOf.size > 0 ? '' : '; nothing pinned (no capture on this host)';
  const sharedCpus = new Set(layout.shared ?? []);
  const housekeepingShares = layout.housekeeping.some((cpu) => sharedCpus.has(cpu));
  const mode =
    plan.layoutMode === 'shared' ? `; shared layout${housekeepingShares ? ', housekeeping included' : ''}: expect drops under load` : '';
  const lines = [`${plan.host}: ${plural(layout.nodes.length, 'NUMA node')}, ${plural(cores, 'core')}, ${plural(cpus, 'logical CPU')}${pinned}${mode}`];

  const labels = layout.nodes.map((node) => `node ${node.id}`);
  const width = Math.max(...labels.map((label) => label.length));
  layout.nodes.forEach((node, index) => {
    const cells = coresOf(node).map((core) => core.map((cpu) => letterOf.get(cpu) ?? UNUSED).join('')).join(' ');
    const here = new Set(node.cpus);
    const attached = layout.perNic.filter((entry) => entry.numaNode === node.id).map((entry) => entry.nic);
    const served = layout.perNic
      .filter((entry) => entry.numaNode !== node.id)
      .filter((entry) => [...entry.zeekWorkers, ...entry.zeekControl, ...entry.suricataWorkers, ...entry.suricataManagement].some((cpu) => here.has(cpu)))
      .map((entry) => entry.nic);
    const tags = [
      ...(attached.length > 0 ? [`<- ${attached.join(', ')}`] : []),
      ...(served.length > 0 ? [`sensors of ${served.join(', ')}`] : []),
    ];
    lines.push(`  ${(labels[index] ?? '').padEnd(width)}  ${cells}${tags.length > 0 ? `  ${tags.join('; ')}` : ''}`);
  });

  const used = new Set(letterOf.values());
  const legend = LETTERS.filter(([, letter]) => used.has(letter)).map(([, letter, meaning]) => `${letter} ${meaning}`);
  if (layout.unused.length > 0) legend.push(`${UNUSED} unused`);
  lines.push(`  ${legend.join(', ')}`);
  return lines.join('\n');
}
