/**
 * The geometry of a host's CPU picture, from the plan's layout data: each NUMA node a box, each physical core a
 * group of cells (its SMT siblings side by side), each cell a logical CPU colored by its role, and the NICs drawn
 * under the node they hang off (capture NICs, and the management NIC, locked). Pure: the SVG component only draws
 * what this returns, so the layout is tested without a DOM.
 */
import type { CpuLayoutView, CpuRole } from '../../../provisioning/contract/host-plan.ts';

export type CellRole = CpuRole | 'unused';

/** The colour family a role is drawn in (the legend's six groups); variants shade it. */
export type RoleFamily = 'housekeeping' | 'irq' | 'zeek' | 'suricata' | 'shared' | 'unused';

export const ROLE_LOOK: Record<CellRole, { family: RoleFamily; label: string }> = {
  housekeeping: { family: 'housekeeping', label: 'Housekeeping (OS, kubelet)' },
  irq: { family: 'irq', label: 'NIC interrupts' },
  'zeek-control': { family: 'zeek', label: 'Zeek manager, logger, proxy' },
  zeek: { family: 'zeek', label: 'Zeek worker' },
  'zeek-idle': { family: 'zeek', label: 'Idle sibling of a Zeek core' },
  'suricata-management': { family: 'suricata', label: 'Suricata management' },
  suricata: { family: 'suricata', label: 'Suricata worker' },
  shared: { family: 'shared', label: 'Shared by Zeek, Suricata and interrupts' },
  unused: { family: 'unused', label: 'Unused (other cluster pods)' },
};

/** The legend's order. */
const ROLE_ORDER: CellRole[] = ['housekeeping', 'irq', 'zeek-control', 'zeek', 'zeek-idle', 'suricata-management', 'suricata', 'shared', 'unused'];

export interface MapNic {
  name: string;
  /** null: the kernel does not know (drawn at the first node, marked so). */
  numaNode: number | null;
  kind: 'capture' | 'management';
}

export interface CoreMapCell {
  cpu: number;
  role: CellRole;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CoreMapCore {
  x: number;
  y: number;
  w: number;
  h: number;
  cells: CoreMapCell[];
}

export interface CoreMapNicBox {
  name: string;
  kind: MapNic['kind'];
  nodeKnown: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface CoreMapNode {
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  cores: CoreMapCore[];
  nics: CoreMapNicBox[];
  /** Where the NICs' bus line leaves the node box. */
  busY: number;
}

export interface CoreMapLegendEntry {
  role: CellRole;
  label: string;
  family: RoleFamily;
  count: number;
}

export interface CoreMapLayout {
  width: number;
  height: number;
  nodes: CoreMapNode[];
  legend: CoreMapLegendEntry[];
  cpuCount: number;
  coreCount: number;
}

export const GEOMETRY = {
  cellW: 16,
  cellH: 20,
  /** Inside a core's box, around its cells. */
  corePad: 2,
  coreGap: 5,
  /** Inside a node's box. */
  nodePad: 10,
  nodeHeader: 22,
  nodeGap: 18,
  maxCoresPerRow: 12,
  nodesPerRow: 2,
  nicH: 22,
  nicGap: 8,
  /** From the node box down to the NICs. */
  busDrop: 14,
  charW: 7,
};

/** Cores per row: up to maxCoresPerRow, rows balanced (18 cores make two rows of 9, not 12 and 6). */
function coresPerRow(cores: number): number {
  const rows = Math.ceil(cores / GEOMETRY.maxCoresPerRow);
  return Math.max(1, Math.ceil(cores / Math.max(rows, 1)));
}

function nicWidth(nic: MapNic): number {
  // Room for a padlock before a management NIC's name.
  return Math.max(64, nic.name.length * GEOMETRY.charW + (nic.kind === 'management' ? 34 : 20));
}

export function coreMapLayout(view: CpuLayoutView, extraNics: MapNic[] = []): CoreMapLayout {
  const g = GEOMETRY;
  const roleOf = new Map<number, CellRole>();
  for (const { role, cpus } of view.roles) for (const cpu of cpus) roleOf.set(cpu, role);

  const nics: MapNic[] = [
    ...view.nics.map((n): MapNic => ({ name: n.nic, numaNode: n.numaNode, kind: 'capture' })),
    ...extraNics.filter((extra) => !view.nics.some((n) => n.nic === extra.name)),
  ];
  const firstNode = view.nodes[0]?.id ?? 0;
  const nicsOf = (id: number) => nics.filter((n) => (view.nodes.some((node) => node.id === n.numaNode) ? n.numaNode : firstNode) === id);

  // Every node gets the same number of cores per row, so cells line up across nodes.
  const widest = Math.max(1, ...view.nodes.map((n) => n.cores.length));
  const perRow = coresPerRow(widest);
  const threads = Math.max(1, ...view.nodes.flatMap((n) => n.cores.map((c) => c.length)));
  const coreW = threads * g.cellW + (threads - 1) + 2 * g.corePad;
  const coreH = g.cellH + 2 * g.corePad;

  const nodeSizes = view.nodes.map((node) => {
    const rows = Math.max(1, Math.ceil(node.cores.length / perRow));
    const coresW = perRow * coreW + (perRow - 1) * g.coreGap;
    const nicsW = nicsOf(node.id).reduce((sum, nic, i) => sum + nicWidth(nic) + (i > 0 ? g.nicGap : 0), 0);
    return { w: Math.max(coresW, nicsW) + 2 * g.nodePad, h: g.nodeHeader + rows * coreH + (rows - 1) * g.coreGap + g.nodePad };
  });
  const nodeW = Math.max(...nodeSizes.map((s) => s.w), 120);

  const nodes: CoreMapNode[] = [];
  let y = 0;
  for (let start = 0; start < view.nodes.length; start += g.nodesPerRow) {
    const row = view.nodes.slice(start, start + g.nodesPerRow);
    const rowH = Math.max(...row.map((_, i) => nodeSizes[start + i]!.h));
    // Room under the row for NICs only where some node of it has one.
    const nicBand = row.some((node) => nicsOf(node.id).length > 0) ? g.busDrop + g.nicH : 0;
    row.forEach((node, i) => {
      const x = i * (nodeW + g.nodeGap);
      const cores = node.cores.map((cpus, c): CoreMapCore => {
        const cx = x + g.nodePad + (c % perRow) * (coreW + g.coreGap);
        const cy = y + g.nodeHeader + Math.floor(c / perRow) * (coreH + g.coreGap);
        return {
          x: cx,
          y: cy,
          w: coreW,
          h: coreH,
          cells: cpus.map((cpu, t) => ({ cpu, role: roleOf.get(cpu) ?? 'unused', x: cx + g.corePad + t * (g.cellW + 1), y: cy + g.corePad, w: g.cellW, h: g.cellH })),
        };
      });
      let nx = x + g.nodePad;
      const busY = y + rowH;
      const boxes = nicsOf(node.id).map((nic): CoreMapNicBox => {
        const box = { name: nic.name, kind: nic.kind, nodeKnown: nic.numaNode !== null || view.nodes.length === 1, x: nx, y: busY + g.busDrop, w: nicWidth(nic), h: g.nicH };
        nx += box.w + g.nicGap;
        return box;
      });
      nodes.push({ id: node.id, x, y, w: nodeW, h: rowH, cores, nics: boxes, busY });
    });
    y += rowH + nicBand + g.nodeGap;
  }

  const counts = new Map<CellRole, number>();
  for (const node of nodes) for (const core of node.cores) for (const cell of core.cells) counts.set(cell.role, (counts.get(cell.role) ?? 0) + 1);
  const legend = ROLE_ORDER.filter((role) => counts.has(role)).map((role) => ({ role, ...ROLE_LOOK[role], count: counts.get(role)! }));
  const columns = Math.min(view.nodes.length, g.nodesPerRow);
  return {
    width: Math.max(columns * nodeW + (columns - 1) * g.nodeGap, 120),
    height: Math.max(y - g.nodeGap, 0),
    nodes,
    legend,
    cpuCount: [...counts.values()].reduce((a, b) => a + b, 0),
    coreCount: view.nodes.reduce((sum, n) => sum + n.cores.length, 0),
  };
}
