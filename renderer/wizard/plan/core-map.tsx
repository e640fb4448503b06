/**
 * A host's CPU layout as a picture: NUMA nodes as boxes, physical cores as groups of cells (SMT siblings side by
 * side), each logical CPU colored by what the plan gives it, the NICs under the node they hang off, and a legend.
 * Draws what coreMapLayout computed; hovering a cell names its CPU and role.
 */
import type { CpuLayoutView } from '../../../provisioning/contract/host-plan.ts';
import { coreMapLayout, ROLE_LOOK, type MapNic } from './core-map-layout.ts';

export function CoreMap({ view, extraNics = [], host }: { view: CpuLayoutView; extraNics?: MapNic[]; host: string }) {
  const layout = coreMapLayout(view, extraNics);
  const pad = 1;
  return (
    <figure className="core-map">
      <div className="core-map-scroll">
        <svg
          width={layout.width + 2 * pad}
          height={layout.height + 2 * pad}
          viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
          role="img"
          aria-label={`CPU layout of ${host}: ${layout.coreCount} cores, ${layout.cpuCount} logical CPUs in ${view.nodes.length} NUMA node(s)`}
        >
          {layout.nodes.map((node) => (
            <g key={node.id}>
              <rect className="cm-node" x={node.x} y={node.y} width={node.w} height={node.h} rx={6} />
              <text className="cm-node-label" x={node.x + 10} y={node.y + 15}>
                NUMA node {node.id}
              </text>
              <text className="cm-node-count" x={node.x + node.w - 10} y={node.y + 15} textAnchor="end">
                {node.cores.length} cores
              </text>
              {node.cores.map((core) => (
                <g key={`${core.x}:${core.y}`}>
                  <rect className="cm-core" x={core.x} y={core.y} width={core.w} height={core.h} rx={3} />
                  {core.cells.map((cell) => (
                    <g key={cell.cpu}>
                      <rect className={`cm-cell role-${cell.role}`} x={cell.x} y={cell.y} width={cell.w} height={cell.h} rx={2}>
                        <title>{`CPU ${cell.cpu}: ${ROLE_LOOK[cell.role].label}`}</title>
                      </rect>
                      <text className={`cm-cell-text role-${cell.role}`} x={cell.x + cell.w / 2} y={cell.y + cell.h / 2 + 3} textAnchor="middle">
                        {cell.cpu}
                      </text>
                    </g>
                  ))}
                </g>
              ))}
              {node.nics.length > 0 ? (
                <path
                  className="cm-bus"
                  d={`M ${node.nics[0]!.x + node.nics[0]!.w / 2} ${node.busY} V ${node.busY + 7} H ${node.nics.at(-1)!.x + node.nics.at(-1)!.w / 2} ${node.nics
                    .map((nic) => `M ${nic.x + nic.w / 2} ${node.busY + 7} V ${nic.y}`)
                    .join(' ')}`}
                />
              ) : null}
              {node.nics.map((nic) => (
                <g key={nic.name} className={`cm-nic nic-${nic.kind}`}>
                  <rect x={nic.x} y={nic.y} width={nic.w} height={nic.h} rx={4}>
                    <title>{`${nic.name}: ${nic.kind === 'management' ? 'management NIC, carries this SSH session (never tuned)' : 'capture NIC'}${nic.nodeKnown ? '' : ' — NUMA node unknown'}`}</title>
                  </rect>
                  {nic.kind === 'management' ? (
                    <path
                      className="cm-lock"
                      d={`M ${nic.x + 9} ${nic.y + 10} h 9 v 7 h -9 z M ${nic.x + 11} ${nic.y + 10} v -2 a 2.5 2.5 0 0 1 5 0 v 2`}
                    />
                  ) : null}
                  <text x={nic.x + (nic.kind === 'management' ? 24 : 10)} y={nic.y + 15}>
                    {nic.name}
                    {nic.nodeKnown ? '' : ' ?'}
                  </text>
                </g>
              ))}
            </g>
          ))}
        </svg>
      </div>
      <figcaption className="core-map-legend">
        {layout.legend.map((entry) => (
          <span key={entry.role} className="legend-item">
            <svg width="14" height="14" aria-hidden="true">
              <rect className={`cm-cell role-${entry.role}`} x="1" y="1" width="12" height="12" rx="2" />
            </svg>
            {entry.label} <span className="muted">({entry.count})</span>
          </span>
        ))}
        {view.mode === 'shared' ? <span className="legend-item warn">Small host: Zeek, Suricata and interrupts share CPUs; expect drops under load.</span> : null}
      </figcaption>
    </figure>
  );
}
