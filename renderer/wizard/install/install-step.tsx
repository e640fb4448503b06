/**
 * Step 6, Install: the run as it happens — a row per host, a cell per step, each cell colored by the state its
 * step.state events report. Clicking a cell shows that step: its state and why, its output, and what can be done
 * about it (retry, skip with a reason, revert). The run can be cancelled (journaled; starting again resumes it).
 * What the engine cannot do yet answers NotImplemented, shown inline where it was asked.
 */
import { useMemo, useState } from 'react';
import type { EngineError } from '../../../provisioning/contract/engine-error.ts';
import type { StepInfo, StepState } from '../../../provisioning/contract/step-state.ts';
import { useEngineStore } from '../../app-context.tsx';
import { StepStateBadge } from '../../components/badges.tsx';
import { Spinner } from '../../components/icons.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { useRequest } from '../../components/use-request.ts';
import { latestRun, stepKey, stepStatus } from '../../store/run-store.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';
import { StepOutput } from './step-output.tsx';
import { buildTimeline, SETTLED_STATES, settledCount, type Timeline } from './timeline-model.ts';

const LEGEND: StepState[] = ['pending', 'checking', 'applying', 'verifying', 'verified', 'in-sync', 'skipped', 'not-permitted', 'blocked', 'failed', 'reverted'];

function TimelineGrid({ timeline, selected, onSelect }: { timeline: Timeline; selected: string | null; onSelect: (step: StepInfo) => void }) {
  return (
    <div className="timeline-scroll">
      <table className="timeline">
        <thead>
          <tr>
            <th className="timeline-host-head">Host</th>
            {timeline.columns.map((c) => (
              <th key={c.key} className="timeline-col" title={c.title}>
                <span>{c.key.split('/').slice(1).join('/')}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {timeline.rows.map((row) => (
            <tr key={row.host}>
              <th scope="row" className="timeline-host mono">
                {row.host}
                <div className="timeline-host-counts">
                  {(row.counts.failed ?? 0) > 0 ? <span className="bad-text">{row.counts.failed} failed</span> : null}
                  <span className="muted">
                    {SETTLED_STATES.reduce((sum, state) => sum + (row.counts[state] ?? 0), 0)}/{row.cells.filter((c) => c !== null).length} settled
                  </span>
                </div>
              </th>
              {row.cells.map((cell, i) =>
                cell ? (
                  <td key={cell.step.id} className="timeline-cell-td">
                    <button
                      type="button"
                      className={`timeline-cell state-${cell.status.state}${selected === cell.step.id ? ' selected' : ''}`}
                      title={`${cell.step.title}\n${cell.status.state}${cell.status.detail ? `: ${cell.status.detail}` : ''}`}
                      aria-label={`${row.host} ${cell.step.title}: ${cell.status.state}`}
                      onClick={() => onSelect(cell.step)}
                    />
                  </td>
                ) : (
                  <td key={`empty-${i}`} className="timeline-cell-td" />
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StepDetail({ run, step, running }: { run: string; step: StepInfo; running: boolean }) {
  const status = useEngineStore('runs', (s) => stepStatus(s, run, step.id));
  const preview = useEngineStore('runs', (s) => s.output[stepKey(run, step.id)] ?? '');
  const retry = useRequest('step.retry');
  const skip = useRequest('step.skip');
  const revert = useRequest('step.revert');
  const [reason, setReason] = useState('');
  const error: EngineError | null = retry.error ?? skip.error ?? revert.error;
  return (
    <div className="card step-detail">
      <header className="step-detail-head">
        <div>
          <div className="strong">{step.title}</div>
          <div className="mono muted small">{step.id}</div>
        </div>
        <StepStateBadge state={status.state} />
      </header>
      {status.detail ? <div className={`note ${status.state === 'failed' ? 'bad' : ''}`}>{status.detail}</div> : null}
      <div className="step-actions">
        <button type="button" className="btn small" disabled={running || retry.pending} onClick={() => void retry.send({ run, step: step.id })}>
          Retry
        </button>
        <input className="reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why skip it (journaled)" aria-label="skip reason" />
        <button type="button" className="btn small" disabled={reason.trim() === '' || skip.pending} onClick={() => void skip.send({ run, step: step.id, reason: reason.trim() })}>
          Skip
        </button>
        <button type="button" className="btn small" disabled={running || revert.pending} onClick={() => void revert.send({ step: step.id })}>
          Revert
        </button>
      </div>
      <InlineError error={error} context="Step action failed" />
      <StepOutput run={run} step={step.id} preview={preview} />
    </div>
  );
}

export function InstallStep({ go }: { go: (step: StepId) => void }) {
  const projectDir = useEngineStore('project', (s) => s.project?.dir ?? null);
  const runs = useEngineStore('runs', (s) => s);
  const run = latestRun(runs, projectDir);
  const steps = run ? (runs.steps[run.run] ?? []) : [];
  const timeline = useMemo(() => (run ? buildTimeline(steps, (s) => stepStatus(runs, run.run, s.id)) : null), [run, steps, runs]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const cancel = useRequest('apply.cancel');
  const start = useRequest('apply.start');
  const [startNote, setStartNote] = useState<string | null>(null);

  if (!run || !timeline) {
    return (
      <section className="step">
        <StepHeader title="Install" lead="Nothing has run yet. Start the install from the Plan, once its changes look right." />
        <button type="button" className="btn primary" onClick={() => go('plan')}>
          Back to Plan
        </button>
      </section>
    );
  }
  const running = run.status === 'running';
  const settled = settledCount(timeline);
  const focus = timeline.rows.find((r) => r.focus)?.focus ?? null;
  const selected = steps.find((s) => s.id === selectedId) ?? focus ?? steps[0] ?? null;
  const startAgain = async () => {
    setStartNote(null);
    const response = await start.send({});
    if (response.ok && response.result.status === 'nothing-to-change') setStartNote('Every host is as planned: nothing left to do.');
  };
  const finished = timeline.counts;

  return (
    <section className="step">
      <StepHeader
        title="Install"
        lead={
          <>
            Run <span className="mono">{run.run}</span>
            {run.resumed ? ' (resuming an interrupted run)' : ''}: every transition is journaled in <span className="mono">{run.journal}</span>, so a crash, a
            reboot or a cancel resumes where it stopped.
          </>
        }
        action={
          running ? (
            <button type="button" className="btn danger" disabled={cancel.pending} onClick={() => void cancel.send({ run: run.run })}>
              {cancel.pending ? 'Cancelling…' : 'Cancel run'}
            </button>
          ) : run.status === 'succeeded' ? (
            <button type="button" className="btn primary" onClick={() => go('done')}>
              Continue to Done
            </button>
          ) : (
            <button type="button" className="btn primary" disabled={start.pending} onClick={() => void startAgain()}>
              {start.pending ? 'Starting…' : 'Start again (resume)'}
            </button>
          )
        }
      />
      <div className="run-summary">
        <span className={`run-status status-${run.status}`}>
          {running ? <Spinner size={12} /> : null} {run.status}
        </span>
        <div className="progress" aria-label={`${settled} of ${steps.length} steps settled`}>
          <div className="progress-bar" style={{ width: `${steps.length ? (100 * settled) / steps.length : 0}%` }} />
        </div>
        <span className="small muted">
          {settled}/{steps.length} steps · {finished.verified ?? 0} changed and verified · {finished['in-sync'] ?? 0} already in sync
          {(finished.failed ?? 0) > 0 ? ` · ${finished.failed} failed` : ''}
          {(finished.skipped ?? 0) > 0 ? ` · ${finished.skipped} skipped` : ''}
          {(finished['not-permitted'] ?? 0) > 0 ? ` · ${finished['not-permitted']} not possible here` : ''}
        </span>
      </div>
      <InlineError error={cancel.error} context="Could not cancel" />
      <InlineError error={start.error} context="Could not start again" />
      {startNote ? <div className="note good">{startNote}</div> : null}
      <div className="card">
        <TimelineGrid timeline={timeline} selected={selected?.id ?? null} onSelect={(s) => setSelectedId(s.id)} />
        <div className="timeline-legend">
          {LEGEND.map((state) => (
            <span key={state} className="legend-item">
              <span className={`timeline-swatch state-${state}`} /> {state}
            </span>
          ))}
        </div>
      </div>
      {selected ? <StepDetail key={`${run.run}:${selected.id}`} run={run.run} step={selected} running={running} /> : null}
    </section>
  );
}
