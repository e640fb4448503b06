/**
 * Step 7, Done: how the install ended, per host, and where everything is kept — the journal of the run, each
 * step's log, the inventories, the pinned host keys — with the commands that verify or revert it later.
 */
import { useMemo } from 'react';
import { useEngineStore } from '../../app-context.tsx';
import { RebootIcon } from '../../components/icons.tsx';
import { latestRun, stepStatus } from '../../store/run-store.ts';
import { workingHosts } from '../../store/project-store.ts';
import { buildTimeline } from '../install/timeline-model.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';

function dirOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.slice(0, cut) : path;
}

export function DoneStep({ go }: { go: (step: StepId) => void }) {
  const project = useEngineStore('project', (s) => s.project);
  const hosts = workingHosts(useEngineStore('project', (s) => s.hosts));
  const runs = useEngineStore('runs', (s) => s);
  const plan = useEngineStore('plan', (s) => s.plan);
  const run = latestRun(runs, project?.dir ?? null);
  const timeline = useMemo(() => (run ? buildTimeline(runs.steps[run.run] ?? [], (s) => stepStatus(runs, run.run, s.id)) : null), [run, runs]);

  if (!project || !run || !timeline) {
    return (
      <section className="step">
        <StepHeader title="Done" lead="Nothing has been installed yet." />
      </section>
    );
  }
  const runDir = dirOf(run.journal);
  const rebootHosts = (plan?.hosts ?? []).filter((h) => h.reboot).map((h) => h.host);
  const ok = run.status === 'succeeded';
  return (
    <section className="step">
      <StepHeader
        title="Done"
        lead={ok ? 'The hosts are tuned for capture, and each setting was read back to prove it.' : `The last run ended ${run.status}: see the Install step for what stopped it.`}
        action={
          ok ? null : (
            <button type="button" className="btn primary" onClick={() => go('install')}>
              Back to Install
            </button>
          )
        }
      />
      <div className={`card outcome outcome-${run.status}`}>
        <div className="outcome-title">{ok ? 'Install succeeded' : `Install ${run.status}`}</div>
        <div className="muted">
          {project.name} · {project.mode} · run <span className="mono">{run.run}</span>
          {run.resumed ? ' (resumed)' : ''}
        </div>
      </div>
      <div className="card">
        <div className="card-title">Hosts</div>
        <table className="table">
          <thead>
            <tr>
              <th>Host</th>
              <th>Roles</th>
              <th>Changed</th>
              <th>In sync</th>
              <th>Skipped</th>
              <th title="the host does not allow it (a container, no cpufreq …)">Not possible</th>
              <th>Failed</th>
              <th>Reboot</th>
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => {
              const row = timeline.rows.find((r) => r.host === h.name);
              return (
                <tr key={h.name}>
                  <td className="mono strong">{h.name}</td>
                  <td>{h.roles.join(', ')}</td>
                  <td className="mono">{row?.counts.verified ?? 0}</td>
                  <td className="mono">{row?.counts['in-sync'] ?? 0}</td>
                  <td className="mono">{row?.counts.skipped ?? 0}</td>
                  <td className="mono">{row?.counts['not-permitted'] ?? 0}</td>
                  <td className={`mono${(row?.counts.failed ?? 0) > 0 ? ' bad-text' : ''}`}>{row?.counts.failed ?? 0}</td>
                  <td>{rebootHosts.includes(h.name) ? <RebootIcon title="kernel arguments take effect after a reboot" /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="card">
        <div className="card-title">Where things are</div>
        <dl className="kv">
          <dt>Project</dt>
          <dd className="mono">{project.dir}</dd>
          <dt>Spec</dt>
          <dd className="mono">{project.file}</dd>
          <dt>Journal</dt>
          <dd className="mono">{run.journal}</dd>
          <dt>Step logs</dt>
          <dd className="mono">{runDir}/</dd>
          <dt>Inventories</dt>
          <dd className="mono">{project.dir}/inventory/</dd>
          <dt>Host keys</dt>
          <dd className="mono">{project.dir}/known_hosts</dd>
        </dl>
      </div>
      <div className="card">
        <div className="card-title">Later, from a shell</div>
        <dl className="kv commands">
          <dt>Read every setting back</dt>
          <dd className="mono">npx picket verify -f {project.file}</dd>
          <dt>Revert to the recorded originals</dt>
          <dd className="mono">npx picket reset -f {project.file} --phase tuning --yes</dd>
        </dl>
        {rebootHosts.length > 0 ? (
          <p className="note warn">
            <RebootIcon /> {rebootHosts.join(', ')}: the new kernel arguments take effect after a reboot; verify again once they are back.
          </p>
        ) : null}
      </div>
    </section>
  );
}
