/**
 * Step 5, Plan: what install would change on each host (plan.get runs every step's check, changing nothing),
 * which changes need a reboot, and a picture of each sensor host's CPU layout — the cores given to housekeeping,
 * NIC interrupts, Zeek and Suricata, on the node of the NIC they serve. Install starts from here (apply.start).
 */
import { useEffect, useRef, useState } from 'react';
import type { HostPlan, PlannedStep } from '../../../provisioning/contract/host-plan.ts';
import { useEngineStore, useServices } from '../../app-context.tsx';
import { InfoIcon, RebootIcon, Spinner } from '../../components/icons.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { useRequest } from '../../components/use-request.ts';
import type { HostDiscovery } from '../../store/discovery-store.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';
import { CoreMap } from './core-map.tsx';
import type { MapNic } from './core-map-layout.ts';

function CheckCell({ step }: { step: PlannedStep }) {
  const { check } = step;
  switch (check.state) {
    case 'in-sync':
      return <span className="muted">in sync{check.detail ? ` · ${check.detail}` : ''}</span>;
    case 'changes':
      return (
        <ul className="change-list mono">
          {check.changes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      );
    case 'not-permitted':
      return <span className="warn-text">not possible here: {check.reason}</span>;
    case 'error':
      return <span className="bad-text">could not check: {check.error}</span>;
  }
}

/** The management NIC, locked, and where it hangs: the picture shows it beside the capture NICs. */
function managementNic(found: HostDiscovery | undefined): MapNic[] {
  const inventory = found?.inventory;
  const nic = inventory?.nics.find((n) => n.name === inventory.managementNic);
  return nic ? [{ name: nic.name, numaNode: nic.numaNode, kind: 'management' }] : [];
}

function HostPlanCard({ plan, found }: { plan: HostPlan; found: HostDiscovery | undefined }) {
  const [showInSync, setShowInSync] = useState(false);
  const shown = plan.steps.filter((s) => showInSync || s.check.state !== 'in-sync');
  const inSync = plan.steps.length - plan.steps.filter((s) => s.check.state !== 'in-sync').length;
  return (
    <article className="card plan-card">
      <header className="plan-card-head">
        <span className="mono strong">{plan.host}</span>
        <span className={`badge ${plan.changes > 0 ? 'tone-info' : 'tone-good'}`}>
          {plan.changes} change{plan.changes === 1 ? '' : 's'}
        </span>
        {plan.reboot ? (
          <span className="badge tone-warn">
            <RebootIcon size={11} /> reboot
          </span>
        ) : null}
      </header>
      <div className="plan-picture">
        {plan.cpuLayout ? (
          <CoreMap view={plan.cpuLayout} extraNics={managementNic(found)} host={plan.host} />
        ) : (
          <p className="muted small">No capture NICs on this host: no CPUs are pinned.</p>
        )}
        {plan.notes.length > 0 ? (
          <details className="plan-notes">
            <summary>Why this layout: the planner's {plan.notes.length} note{plan.notes.length === 1 ? '' : 's'}</summary>
            <ul>
              {plan.notes.map((n) => (
                <li key={n}>
                  <InfoIcon size={12} /> {n}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
      <div className="plan-steps">
        {plan.steps.length === 0 ? (
          <p className="muted">Nothing to do on this host in this phase.</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>Step</th>
                <th>What changes</th>
                <th title="takes effect after a reboot" aria-label="reboot" />
              </tr>
            </thead>
            <tbody>
              {shown.map((step) => (
                <tr key={step.id} className={`check-${step.check.state}`}>
                  <td className="plan-step-title">
                    {step.title}
                    <div className="muted small mono">{step.id}</div>
                  </td>
                  <td>
                    <CheckCell step={step} />
                  </td>
                  <td className="center">{step.needsReboot && step.check.state === 'changes' ? <RebootIcon title="takes effect after a reboot" /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {inSync > 0 ? (
          <button type="button" className="btn small ghost" onClick={() => setShowInSync(!showInSync)}>
            {showInSync ? 'Hide' : 'Show'} the {inSync} step{inSync === 1 ? '' : 's'} already in sync
          </button>
        ) : null}
      </div>
    </article>
  );
}

export function PlanStep({ go, locked }: { go: (step: StepId) => void; locked: string | null }) {
  const { stores } = useServices();
  const plan = useEngineStore('plan', (s) => s.plan);
  const stale = useEngineStore('plan', (s) => s.stale);
  const byHost = useEngineStore('discovery', (s) => s.byHost);
  const get = useRequest('plan.get');
  const apply = useRequest('apply.start');
  const [nothing, setNothing] = useState(false);
  const asked = useRef(false);

  const fetchPlan = async () => {
    const response = await get.send({});
    if (response.ok) stores.plan.setState({ plan: response.result, stale: false });
  };
  // Entering the step asks for a plan when there is none, or the hosts changed since (once per visit).
  useEffect(() => {
    if (!locked && !asked.current && (plan === null || stale)) {
      asked.current = true;
      void fetchPlan();
    }
  }, [locked, plan, stale]);

  const install = async () => {
    setNothing(false);
    const response = await apply.send({});
    if (response.ok && response.result.status === 'started') go('install');
    if (response.ok && response.result.status === 'nothing-to-change') setNothing(true);
  };

  const reboots = plan?.hosts.filter((h) => h.reboot).length ?? 0;
  return (
    <section className="step">
      <StepHeader
        title="Plan"
        lead="What install would change on each host, checked against the hosts as they are now: nothing is changed yet. Steps already in sync are skipped. Each sensor host's picture shows how its CPUs are shared out."
        action={
          <button type="button" className="btn primary" disabled={locked !== null || !plan || stale || get.pending || apply.pending || plan.errors > 0} onClick={() => void install()}>
            {apply.pending ? 'Starting…' : 'Install'}
          </button>
        }
      />
      {locked ? <p className="empty">{locked[0]!.toUpperCase() + locked.slice(1)}.</p> : null}
      <div className="toolbar">
        <button type="button" className="btn" disabled={locked !== null || get.pending} onClick={() => void fetchPlan()}>
          {get.pending ? (
            <>
              <Spinner size={12} /> Checking every host…
            </>
          ) : (
            'Plan again'
          )}
        </button>
        {plan ? (
          <span className={`summary-pill ${plan.errors > 0 ? 'bad' : 'neutral'}`}>
            {plan.changes} change{plan.changes === 1 ? '' : 's'} on {plan.hosts.filter((h) => h.changes > 0).length} host(s)
            {reboots > 0 ? ` · ${reboots} reboot${reboots === 1 ? '' : 's'}` : ''}
            {plan.errors > 0 ? ` · ${plan.errors} could not be checked` : ''}
          </span>
        ) : null}
        {stale ? <span className="summary-pill warn">the hosts changed since this plan: plan again</span> : null}
      </div>
      <InlineError error={get.error} context="Could not plan" />
      <InlineError error={apply.error} context="Install did not start" />
      {apply.error?.name === 'PreflightRefused' ? (
        <button type="button" className="btn small" onClick={() => go('discover')}>
          See the failed checks
        </button>
      ) : null}
      {nothing ? <div className="note good">Every host is already as planned: nothing to install.</div> : null}
      {plan?.hosts.map((host) => <HostPlanCard key={host.host} plan={host} found={byHost[host.host]} />)}
    </section>
  );
}
