/**
 * Step 6, Install: the run as it happens — a row per host, a cell per step, each cell colored by the state its
 * step.state events report (a step reverted since shows reverted). Clicking a cell shows that step: its state and
 * why, its output, and what can be done about it: retry it or skip it (with a reason, journaled) once the run has
 * stopped, skip it before the run reaches it, or revert it once applied. The run can be paused (steps in flight
 * finish, none starts until resumed) and cancelled (journaled; starting again resumes it). Refusals show inline.
 */
import { useMemo, useState } from 'react';
import type { RunStatus } from '../../../provisioning/contract/run-summary.ts';
import type { StepInfo, StepState } from '../../../provisioning/contract/step-state.ts';
import { useEngineStore, useReason } from '../../app-context.tsx';
import { StepStateBadge } from '../../components/badges.tsx';
import { Spinner } from '../../components/icons.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { useRequest } from '../../components/use-request.ts';
import { latestRun, shownStepStatus, stepKey } from '../../store/run-store.ts';
import { reasonKey } from '../../store/wizard-store.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';
import { runPhase, runPhaseLabel } from './run-phase.ts';
import { stepActions } from './step-actions.ts';
import { StepOutput } from './step-output.tsx';
import { ACTIVE_STATES, buildTimeline, SETTLED_STATES, settledCount, type Timeline } from './timeline-model.ts';

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
                <span>{c.label}</span>
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

/** Skip with a reason: the reason is required (it is journaled), asked for in place. */
function SkipForm({ run, step, onDone }: { run: string; step: StepInfo; onDone: () => void }) {
  const skip = useRequest('step.skip');
  const key = reasonKey('skip', run, step.id);
  const [reason, setReason] = useReason(key);
  const submit = async () => {
    const response = await skip.send({ run, step: step.id, reason: reason.trim() });
    if (response.ok) {
      setReason('');
      onDone();
    }
  };
  return (
    <ReasonForm
      reason={reason}
      onReason={setReason}
      placeholder="why skip it (journaled with the run)"
      reasonLabel="skip reason"
      ready={reason.trim() !== ''}
      why={reason.trim() === '' ? 'say why: the reason is journaled' : undefined}
      pending={skip.pending}
      action="Skip step"
      pendingAction="Skipping…"
      error={skip.error}
      errorContext="Could not skip"
      onSubmit={() => void submit()}
      onCancel={onDone}
    />
  );
}

/** Revert asks once more: it changes the host back. */
function RevertConfirm({ step, onDone }: { step: StepInfo; onDone: () => void }) {
  const revert = useRequest('step.revert');
  const submit = async () => {
    const response = await revert.send({ step: step.id });
    if (response.ok) onDone();
  };
  return (
    <div className="inline-form" role="group" aria-label="confirm revert">
      <span className="small">
        Put <strong>{step.title}</strong> on <span className="mono">{step.host}</span> back to the value recorded before Picket first changed it?
      </span>
      <button type="button" className="btn small danger" onClick={() => void submit()} disabled={revert.pending}>
        {revert.pending ? 'Reverting…' : 'Revert'}
      </button>
      <button type="button" className="btn small ghost" onClick={onDone} disabled={revert.pending}>
        Keep it
      </button>
      <InlineError error={revert.error} context="Could not revert" />
    </div>
  );
}

interface StepDetailProps {
  run: string;
  runStatus: RunStatus;
  step: StepInfo;
  /** Keeps this step in view when the run shown changes (a retry or a skip starts the next run). */
  keepSelected: (step: string) => void;
}

function StepDetail({ run, runStatus, step, keepSelected }: StepDetailProps) {
  const status = useEngineStore('runs', (s) => shownStepStatus(s, run, step.id));
  const preview = useEngineStore('runs', (s) => s.output[stepKey(run, step.id)] ?? '');
  const retry = useRequest('step.retry');
  const [open, setOpen] = useState<'skip' | 'revert' | null>(null);
  const actions = stepActions(runStatus, status.state);
  const toggle = (form: 'skip' | 'revert') => setOpen((now) => (now === form ? null : form));
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
        <button
          type="button"
          className="btn small"
          disabled={!actions.retry.enabled || retry.pending}
          title={actions.retry.why}
          onClick={() => {
            keepSelected(step.id);
            void retry.send({ run, step: step.id });
          }}
        >
          {retry.pending ? 'Retrying…' : 'Retry'}
        </button>
        <button type="button" className={`btn small${open === 'skip' ? ' on' : ''}`} disabled={!actions.skip.enabled} title={actions.skip.why} onClick={() => toggle('skip')}>
          Skip…
        </button>
        <button type="button" className={`btn small${open === 'revert' ? ' on' : ''}`} disabled={!actions.revert.enabled} title={actions.revert.why} onClick={() => toggle('revert')}>
          Revert…
        </button>
      </div>
      {open === 'skip' && actions.skip.enabled ? (
        <SkipForm
          run={run}
          step={step}
          onDone={() => {
            keepSelected(step.id);
            setOpen(null);
          }}
        />
      ) : null}
      {open === 'revert' && actions.revert.enabled ? <RevertConfirm step={step} onDone={() => setOpen(null)} /> : null}
      <InlineError error={retry.error} context="Could not retry" />
      <StepOutput run={run} step={step.id} preview={preview} />
    </div>
  );
}

function RunControls({ run, paused }: { run: string; paused: boolean }) {
  const cancel = useRequest('apply.cancel');
  const pause = useRequest('apply.pause');
  const resume = useRequest('apply.resume');
  return (
    <div className="run-controls">
      {paused ? (
        <button type="button" className="btn" disabled={resume.pending} onClick={() => void resume.send({ run })} title="start the remaining steps again">
          {resume.pending ? 'Resuming…' : 'Resume'}
        </button>
      ) : (
        <button type="button" className="btn" disabled={pause.pending} onClick={() => void pause.send({ run })} title="the steps running now finish; no other step starts until you resume">
          {pause.pending ? 'Pausing…' : 'Pause'}
        </button>
      )}
      <button type="button" className="btn danger" disabled={cancel.pending} onClick={() => void cancel.send({ run })} title="stop the running commands; journaled, and starting again resumes">
        {cancel.pending ? 'Cancelling…' : 'Cancel run'}
      </button>
      <InlineError error={pause.error ?? resume.error} context="Could not pause or resume" />
      <InlineError error={cancel.error} context="Could not cancel" />
    </div>
  );
}

export function InstallStep({ go }: { go: (step: StepId) => void }) {
  const projectDir = useEngineStore('project', (s) => s.project?.dir ?? null);
  const runs = useEngineStore('runs', (s) => s);
  const run = latestRun(runs, projectDir);
  const steps = run ? (runs.steps[run.run] ?? []) : [];
  const timeline = useMemo(() => (run ? buildTimeline(steps, (s) => shownStepStatus(runs, run.run, s.id)) : null), [run, steps, runs]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
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
  const inFlight = ACTIVE_STATES.reduce((sum, state) => sum + (timeline.counts[state] ?? 0), 0);
  const phase = runPhase(run, inFlight);
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
            <RunControls run={run.run} paused={run.paused} />
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
        <span className={`run-status status-${phase}`}>
          {phase === 'running' || phase === 'pausing' ? <Spinner size={12} /> : null} {runPhaseLabel(phase, inFlight)}
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
      {selected ? <StepDetail key={`${run.run}:${selected.id}`} run={run.run} runStatus={run.status} step={selected} keepSelected={setSelectedId} /> : null}
    </section>
  );
}
