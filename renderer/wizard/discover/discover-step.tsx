/**
 * Step 3, Discover: every host inventoried at once (inventory.run; each host's card fills in as its
 * inventory.host event arrives, a host that cannot be reached says why on its own card while the others go on),
 * then the preflight checks (preflight.run), each finding shown on its host's card with its fix. A failure that
 * blocks install may be waived with a reason (written to cluster.yaml); waivers are listed and can be removed.
 */
import { useState } from 'react';
import type { JudgedFinding } from '../../../provisioning/contract/judged-finding.ts';
import type { HostSummary, Waiver } from '../../../provisioning/contract/project-summary.ts';
import { useEngineStore, useServices } from '../../app-context.tsx';
import { HostStatusBadge, SeverityBadge } from '../../components/badges.tsx';
import { AlertIcon, PadlockIcon, Spinner } from '../../components/icons.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { useRequest } from '../../components/use-request.ts';
import type { HostDiscovery } from '../../store/discovery-store.ts';
import { workingHosts } from '../../store/project-store.ts';
import { StepHeader } from '../step-header.tsx';
import { blockingFindings, type StepId } from '../wizard-steps.ts';
import { summarizeInventory } from './inventory-summary.ts';
import { WaiveForm, WaiverLine, WaiversCard } from './waiver-editor.tsx';
import { isWaivable, waiverOf } from './waiver-model.ts';

const SEVERITY_ORDER = { fail: 0, warn: 1, info: 2 } as const;
const NO_WAIVERS: Waiver[] = [];

function FindingItem({ finding, waivers }: { finding: JudgedFinding; waivers: Waiver[] }) {
  const [waiving, setWaiving] = useState(false);
  const waiver = finding.waiver ? waiverOf(finding, waivers) : null;
  return (
    <li className={`finding sev-${finding.waiver ? 'waived' : finding.severity}`}>
      <div className="finding-head">
        <SeverityBadge severity={finding.severity} waived={finding.waiver !== null} />
        <span className="mono small">{finding.check}</span>
        {isWaivable(finding) && !waiving ? (
          <button type="button" className="btn small ghost push-right" onClick={() => setWaiving(true)} title="let install go ahead despite this failure, with a reason">
            Waive…
          </button>
        ) : null}
      </div>
      <div>{finding.message}</div>
      {/* A waived finding needs no fix now: its reason says why it may fail. */}
      {finding.fix && !finding.waiver ? (
        <div className="finding-fix">
          <strong>Fix:</strong> {finding.fix}
        </div>
      ) : null}
      {waiver ? <WaiverLine waiver={waiver} withCheck={false} removable={waiver.host !== null} /> : finding.waiver ? <div className="muted small">Waived in cluster.yaml: {finding.waiver.reason}</div> : null}
      {waiving ? <WaiveForm finding={finding} onDone={() => setWaiving(false)} /> : null}
    </li>
  );
}

function Findings({ findings, waivers }: { findings: JudgedFinding[]; waivers: Waiver[] }) {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return (
    <ul className="findings">
      {sorted.map((f) => (
        <FindingItem key={`${f.host}:${f.check}:${f.message}`} finding={f} waivers={waivers} />
      ))}
    </ul>
  );
}

interface HostCardProps {
  host: HostSummary;
  found: HostDiscovery | undefined;
  probing: boolean;
  findings: JudgedFinding[];
  waivers: Waiver[];
}

function HostCard({ host, found, probing, findings, waivers }: HostCardProps) {
  const summary = found?.inventory ? summarizeInventory(found.inventory) : null;
  return (
    <article className={`card host-card${found && found.problems.length > 0 ? ' has-problem' : ''}`}>
      <header className="host-card-head">
        <div>
          <div className="mono strong">{host.name}</div>
          <div className="mono muted small">
            {host.user}@{host.address}
            {host.port !== 22 ? `:${host.port}` : ''}
          </div>
        </div>
        {probing ? (
          <span className="badge tone-info">
            <Spinner size={10} /> probing
          </span>
        ) : (
          <HostStatusBadge status={found?.status ?? host.status} />
        )}
      </header>
      {found && found.problems.length > 0 ? (
        <div className="host-problems" role="alert">
          <AlertIcon />
          <ul>
            {found.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {summary ? (
        <dl className="kv compact">
          <dt>OS</dt>
          <dd>{summary.os}</dd>
          <dt>Kernel</dt>
          <dd className="mono">{summary.kernel}</dd>
          <dt>CPU</dt>
          <dd>
            {summary.cpuModel}
            <div className="muted small">{summary.cpuShape}</div>
          </dd>
          <dt>NUMA</dt>
          <dd>{summary.numa}</dd>
          <dt>Memory</dt>
          <dd>{summary.memory}</dd>
          <dt>NICs</dt>
          <dd>{summary.nics}</dd>
          <dt>Management</dt>
          <dd className="mono">
            {summary.management ? (
              <>
                <PadlockIcon size={12} /> {summary.management}
              </>
            ) : (
              '—'
            )}
          </dd>
          {summary.virtualization ? (
            <>
              <dt>Runs in</dt>
              <dd className="mono">{summary.virtualization}</dd>
            </>
          ) : null}
        </dl>
      ) : !found && !probing ? (
        <p className="muted small">Not discovered yet.</p>
      ) : null}
      <Findings findings={findings} waivers={waivers} />
    </article>
  );
}

export function DiscoverStep({ go, rolesReady }: { go: (step: StepId) => void; rolesReady: boolean }) {
  const { stores } = useServices();
  const hosts = workingHosts(useEngineStore('project', (s) => s.hosts));
  const byHost = useEngineStore('discovery', (s) => s.byHost);
  const findings = useEngineStore('discovery', (s) => s.findings);
  const waivers = useEngineStore('project', (s) => s.project?.waivers ?? NO_WAIVERS);
  const projectFile = useEngineStore('project', (s) => s.project?.file ?? 'cluster.yaml');
  const inventory = useRequest('inventory.run');
  const preflight = useRequest('preflight.run');
  const [before, setBefore] = useState<Record<string, HostDiscovery> | null>(null);

  const discover = async () => {
    setBefore(stores.discovery.getState().byHost);
    await inventory.send({});
    setBefore(null);
  };
  const probing = (name: string) => inventory.pending && before !== null && byHost[name] === before[name];
  const reported = hosts.filter((h) => !probing(h.name)).length;
  const discoveredAny = hosts.some((h) => byHost[h.name]?.inventory);
  const blocking = blockingFindings(findings);
  const clusterFindings = (findings ?? []).filter((f) => f.host === null);

  return (
    <section className="step">
      <StepHeader
        title="Discover"
        lead="Picket logs in to every host at once and reads its hardware: OS, CPUs and NUMA layout, memory, and every NIC. First contact with a host asks you to confirm its key. Then the preflight checks say what must change before install, and how."
        action={
          <button type="button" className="btn primary" disabled={!rolesReady} onClick={() => go('roles')}>
            Continue to Roles & NICs
          </button>
        }
      />
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => void discover()} disabled={inventory.pending || preflight.pending || hosts.length === 0}>
          {inventory.pending ? (
            <>
              <Spinner size={12} /> Discovering… {reported}/{hosts.length}
            </>
          ) : discoveredAny ? (
            'Re-check hosts'
          ) : (
            `Discover ${hosts.length} host${hosts.length === 1 ? '' : 's'}`
          )}
        </button>
        <button type="button" className="btn" onClick={() => void preflight.send({ captureSeconds: 3 })} disabled={inventory.pending || preflight.pending || !discoveredAny}>
          {preflight.pending ? (
            <>
              <Spinner size={12} /> Running checks…
            </>
          ) : findings ? (
            'Run preflight checks again'
          ) : (
            'Run preflight checks'
          )}
        </button>
        {findings ? (
          <span className={`summary-pill ${blocking.length > 0 ? 'bad' : 'good'}`}>
            {blocking.length > 0 ? `${blocking.length} failed check${blocking.length === 1 ? ' blocks' : 's block'} install` : 'no blocking findings'}
            {' · '}
            {findings.length} finding{findings.length === 1 ? '' : 's'}
          </span>
        ) : null}
      </div>
      <InlineError error={inventory.error} context="Discovery failed" />
      <InlineError error={preflight.error} context="Preflight failed" />
      {clusterFindings.length > 0 ? (
        <div className="card">
          <div className="card-title">Across the cluster</div>
          <Findings findings={clusterFindings} waivers={waivers} />
        </div>
      ) : null}
      <WaiversCard waivers={waivers} file={projectFile} />
      <div className="host-grid">
        {hosts.map((host) => (
          <HostCard
            key={host.name}
            host={host}
            found={byHost[host.name]}
            probing={probing(host.name)}
            findings={(findings ?? []).filter((f) => f.host === host.name)}
            waivers={waivers}
          />
        ))}
      </div>
    </section>
  );
}
