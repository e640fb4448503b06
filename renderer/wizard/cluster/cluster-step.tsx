/**
 * Step 1, Cluster: create a project folder (project.create writes a commented cluster.yaml) and open it, or open
 * one that exists (project.open). A project that is not finished opens too: the next steps fill it in.
 */
import type { FormEvent } from 'react';
import { DNS_LABEL, MODES, type Mode } from '../../../provisioning/contract/cluster-vocabulary.ts';
import { useEngineStore, useWizard, useWizardUpdate } from '../../app-context.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { useRequest } from '../../components/use-request.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';

const MODE_NOTES: Record<Mode, { title: string; note: string }> = {
  standalone: { title: 'Standalone', note: 'One host does everything: Kubernetes server, sensor and data.' },
  cluster: { title: 'Cluster', note: 'Server, data and sensor hosts: the control plane and storage apart from capture.' },
  external: { title: 'External', note: 'Sensors only, sending their logs to an outside sink (Kafka, Elasticsearch, syslog).' },
};

export function ClusterStep({ go }: { go: (step: StepId) => void }) {
  const project = useEngineStore('project', (s) => s.project);
  const hostCount = useEngineStore('project', (s) => s.hosts.length);
  const draft = useWizard((s) => s.cluster);
  const update = useWizardUpdate();
  const create = useRequest('project.create');
  const open = useRequest('project.open');
  const set = (patch: Partial<typeof draft>) => update((s) => ({ cluster: { ...s.cluster, ...patch } }));

  const nameValid = DNS_LABEL.test(draft.name);
  const canCreate = nameValid && draft.dir.trim() !== '' && !create.pending && !open.pending;

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.send({ dir: draft.dir.trim(), name: draft.name, mode: draft.mode });
    if (!created.ok) return;
    const opened = await open.send({ path: created.result.dir });
    if (opened.ok) go('hosts');
  };
  const onOpen = async (event: FormEvent) => {
    event.preventDefault();
    const opened = await open.send({ path: draft.openPath.trim() });
    if (opened.ok) go(opened.result.hosts.length > 0 ? 'discover' : 'hosts');
  };

  return (
    <section className="step">
      <StepHeader
        title="Cluster"
        lead="Name the cluster and choose how it is laid out. Everything Picket learns and does is kept in the project folder: cluster.yaml, pinned host keys, inventories, and the journal of every run."
        action={
          project ? (
            <button type="button" className="btn primary" onClick={() => go(hostCount > 0 ? 'discover' : 'hosts')}>
              Continue to {hostCount > 0 ? 'Discover' : 'Hosts'}
            </button>
          ) : null
        }
      />

      {project ? (
        <div className="card current-project">
          <div className="card-title">
            <span>Open project</span>
            <span className="chip">{project.mode}</span>
          </div>
          <dl className="kv">
            <dt>Name</dt>
            <dd className="mono">{project.name}</dd>
            <dt>Folder</dt>
            <dd className="mono">{project.dir}</dd>
            <dt>Spec</dt>
            <dd className="mono">{project.file}</dd>
            <dt>Hosts</dt>
            <dd>{hostCount}</dd>
          </dl>
          {project.missing.length > 0 ? (
            <div className="note">
              <strong>Still to fill in</strong>
              <ul>
                {project.missing.map((m) => (
                  <li key={`${m.path}:${m.message}`}>
                    {m.host ? <span className="mono chip">{m.host}</span> : null} {m.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="two-columns">
        <form className="card" onSubmit={onCreate}>
          <div className="card-title">New project</div>
          <label className="field">
            <span>Cluster name</span>
            <input className="mono" value={draft.name} onChange={(e) => set({ name: e.target.value.toLowerCase() })} placeholder="field-kit-1" spellCheck={false} />
            {draft.name !== '' && !nameValid ? <span className="field-error">lowercase letters, digits and "-", starting and ending with a letter or digit</span> : null}
          </label>
          <fieldset className="field">
            <legend>Mode</legend>
            <div className="mode-choices">
              {MODES.map((mode) => (
                <label key={mode} className={`mode-choice${draft.mode === mode ? ' chosen' : ''}`}>
                  <input type="radio" name="mode" value={mode} checked={draft.mode === mode} onChange={() => set({ mode })} />
                  <span className="mode-title">{MODE_NOTES[mode].title}</span>
                  <span className="mode-note">{MODE_NOTES[mode].note}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="field">
            <span>Project folder (on the machine running Picket)</span>
            <input className="mono" value={draft.dir} onChange={(e) => set({ dir: e.target.value })} placeholder="/home/ops/kits/field-kit-1" spellCheck={false} />
          </label>
          <InlineError error={create.error} context="Could not create the project" />
          <div className="actions">
            <button type="submit" className="btn primary" disabled={!canCreate}>
              {create.pending ? 'Creating…' : 'Create project'}
            </button>
          </div>
        </form>

        <form className="card" onSubmit={onOpen}>
          <div className="card-title">Open a project</div>
          <p className="muted">A project folder, or the cluster.yaml in it — one made here, by picket init, or by hand.</p>
          <label className="field">
            <span>Folder or cluster.yaml</span>
            <input className="mono" value={draft.openPath} onChange={(e) => set({ openPath: e.target.value })} placeholder="/home/ops/kits/field-kit-1" spellCheck={false} />
          </label>
          <InlineError error={open.error} context="Could not open the project" />
          <div className="actions">
            <button type="submit" className="btn" disabled={draft.openPath.trim() === '' || open.pending}>
              {open.pending ? 'Opening…' : 'Open project'}
            </button>
          </div>
        </form>
      </div>
    </section>
  );
}
