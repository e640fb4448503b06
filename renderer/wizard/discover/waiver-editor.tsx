/**
 * Waiving a blocking preflight finding, and taking a waiver back: the waiver goes into the project's cluster.yaml
 * (preflight.waive) with a reason the user must give — journaled by every install run that goes ahead under it —
 * and the findings are judged again at once. Refusals show where they were asked.
 */
import { useState } from 'react';
import type { JudgedFinding } from '../../../provisioning/contract/judged-finding.ts';
import type { Waiver } from '../../../provisioning/contract/project-summary.ts';
import { useReason } from '../../app-context.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { ReasonForm } from '../../components/reason-form.tsx';
import { useRequest } from '../../components/use-request.ts';
import { reasonKey } from '../../store/wizard-store.ts';
import { unwaivePayload, waivePayload, waiverScopeLabel, type WaiverScope } from './waiver-model.ts';

/** The form under a blocking finding: a reason (required) and, for a host's finding, whom the waiver covers. */
export function WaiveForm({ finding, onDone }: { finding: JudgedFinding; onDone: () => void }) {
  const waive = useRequest('preflight.waive');
  const [reason, setReason] = useReason(reasonKey('waive', finding.check, finding.host));
  const [scope, setScope] = useState<WaiverScope>('host');
  const draft = waivePayload(finding, { reason, scope });
  const submit = async () => {
    if (!draft.ok) return;
    const response = await waive.send(draft.payload);
    if (response.ok) {
      setReason('');
      onDone();
    }
  };
  return (
    <ReasonForm
      label={`waive ${finding.check}`}
      reason={reason}
      onReason={setReason}
      placeholder="why may this check fail? (journaled with every run)"
      reasonLabel="waiver reason"
      ready={draft.ok}
      why={draft.ok ? 'writes the waiver to cluster.yaml' : draft.problem}
      pending={waive.pending}
      action="Waive"
      pendingAction="Waiving…"
      error={waive.error}
      errorContext="Could not waive"
      onSubmit={() => void submit()}
      onCancel={onDone}
    >
      {finding.host !== null ? (
        <select className="inline-select" value={scope} onChange={(e) => setScope(e.target.value as WaiverScope)} aria-label="waiver covers">
          <option value="host">for {finding.host}</option>
          <option value="every-host">for every host</option>
        </select>
      ) : null}
    </ReasonForm>
  );
}

/**
 * A waiver in cluster.yaml, with the button that takes it out — under a finding only when it is that host's own (a
 * waiver for every host is removed from the list of waived checks, not once per host).
 */
export function WaiverLine({ waiver, withCheck, removable = true }: { waiver: Waiver; withCheck: boolean; removable?: boolean }) {
  const unwaive = useRequest('preflight.unwaive');
  return (
    <div className="waiver-line">
      <span className="small muted">
        Waived{withCheck ? (
          <>
            {' '}
            <span className="mono">{waiver.check}</span>
          </>
        ) : null}{' '}
        for <span className={waiver.host === null ? '' : 'mono'}>{waiverScopeLabel(waiver)}</span>: {waiver.reason}
      </span>
      {removable ? (
        <button type="button" className="btn small ghost" disabled={unwaive.pending} onClick={() => void unwaive.send(unwaivePayload(waiver))} title="take the waiver out of cluster.yaml">
          {unwaive.pending ? 'Removing…' : 'Remove waiver'}
        </button>
      ) : null}
      <InlineError error={unwaive.error} context="Could not remove the waiver" />
    </div>
  );
}

/** Every waiver cluster.yaml holds, those no current finding needs included. */
export function WaiversCard({ waivers, file }: { waivers: Waiver[]; file: string }) {
  if (waivers.length === 0) return null;
  return (
    <div className="card">
      <div className="card-title">Waived checks</div>
      <p className="muted small">
        In <span className="mono">{file}</span>. A waived failure does not block install; each run journals the waivers it went ahead under.
      </p>
      <ul className="waivers-list">
        {waivers.map((w) => (
          <li key={`${w.check}:${w.host ?? '*'}`}>
            <WaiverLine waiver={w} withCheck />
          </li>
        ))}
      </ul>
    </div>
  );
}
