/**
 * The page: the step rail on the left, the step shown on the right, a host-key question over everything when the
 * engine asks one. Which step is shown: the one in the address (#plan), else where the engine's state says to
 * resume once the first events have arrived; from then on, the one the user chooses.
 */
import { useEffect, useMemo } from 'react';
import { HostKeyDialog } from './components/host-key-dialog.tsx';
import { ShellDock } from './components/shell-dock.tsx';
import { StepRail } from './components/step-rail.tsx';
import { useEngineStore, useServices, useWizard, useWizardUpdate } from './app-context.tsx';
import { latestRun } from './store/run-store.ts';
import { ClusterStep } from './wizard/cluster/cluster-step.tsx';
import { DiscoverStep } from './wizard/discover/discover-step.tsx';
import { DoneStep } from './wizard/done/done-step.tsx';
import { HostsStep } from './wizard/hosts/hosts-step.tsx';
import { InstallStep } from './wizard/install/install-step.tsx';
import { PlanStep } from './wizard/plan/plan-step.tsx';
import { RolesStep } from './wizard/roles/roles-step.tsx';
import { isStepId, resumeStep, stepStatuses, type StepId, type WizardFacts } from './wizard/wizard-steps.ts';

/** How long after connecting the page waits for the engine's snapshot before choosing where to resume. */
const SETTLE_MS = 300;

function useWizardFacts(): WizardFacts {
  const project = useEngineStore('project', (s) => s.project);
  const hosts = useEngineStore('project', (s) => s.hosts);
  const discovery = useEngineStore('discovery', (s) => s.byHost);
  const findings = useEngineStore('discovery', (s) => s.findings);
  const plan = useEngineStore('plan', (s) => s);
  const runs = useEngineStore('runs', (s) => s);
  return useMemo(() => ({ project, hosts, discovery, findings, plan, latestRun: latestRun(runs, project?.dir ?? null) }), [project, hosts, discovery, findings, plan, runs]);
}

export function App() {
  const { wizard } = useServices();
  const facts = useWizardFacts();
  const statuses = useMemo(() => stepStatuses(facts), [facts]);
  const chosen = useWizard((s) => s.step);
  const update = useWizardUpdate();
  const connection = useEngineStore('connection', (s) => s.state);
  const prompts = useEngineStore('hostKeys', (s) => s.prompts);
  const current: StepId = chosen ?? resumeStep(facts);

  const go = (step: StepId) => update(() => ({ step }));

  // The step in the address wins; otherwise, once the snapshot is in, the resume point becomes the user's step.
  useEffect(() => {
    const fromHash = window.location.hash.slice(1);
    if (isStepId(fromHash)) update(() => ({ step: fromHash }));
  }, []);
  useEffect(() => {
    if (connection === 'connecting' || wizard.getState().step !== null) return;
    const timer = setTimeout(
      () => {
        if (wizard.getState().step === null) update(() => ({ step: resumeStep(facts) }));
      },
      connection === 'open' ? SETTLE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [connection, facts]);
  useEffect(() => {
    if (chosen) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${chosen}`);
  }, [chosen]);
  // The token has done its work once connected (a cookie now authenticates reloads): keep it off the screen.
  useEffect(() => {
    if (connection === 'open' && new URLSearchParams(window.location.search).has('token')) {
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    }
  }, [connection]);

  return (
    <div className="app">
      <StepRail current={current} statuses={statuses} project={facts.project} connection={connection} onSelect={go} />
      <main className="main">
        {connection === 'closed' ? (
          <div className="banner bad" role="alert">
            Disconnected from the engine. Is <span className="mono">picket serve</span> still running? Reload this page once it is; nothing is lost, the
            engine keeps the state.
          </div>
        ) : null}
        {/* Until the engine's snapshot is in, no step is shown: a step passed through on the way would act (a plan asked for). */}
        {chosen ? <StepView step={current} go={go} statuses={statuses} /> : <p className="loading">Connecting to the engine…</p>}
        <ShellDock />
      </main>
      <HostKeyDialog prompts={prompts} />
    </div>
  );
}

function StepView({ step, go, statuses }: { step: StepId; go: (step: StepId) => void; statuses: ReturnType<typeof stepStatuses> }) {
  switch (step) {
    case 'cluster':
      return <ClusterStep go={go} />;
    case 'hosts':
      return <HostsStep go={go} />;
    case 'discover':
      return <DiscoverStep go={go} rolesReady={statuses.roles.progress !== 'locked'} />;
    case 'roles':
      return <RolesStep go={go} planReady={statuses.plan.progress !== 'locked'} />;
    case 'plan':
      return <PlanStep go={go} locked={statuses.plan.progress === 'locked' ? statuses.plan.note : null} />;
    case 'install':
      return <InstallStep go={go} />;
    case 'done':
      return <DoneStep go={go} />;
  }
}
