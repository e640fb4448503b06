/**
 * The one way the wizard asks "why?" in place: a required reason (it is journaled), the button that acts on it,
 * Cancel, and the engine's refusal shown right there. Waivers and step skips both ask this way.
 */
import type { ReactNode } from 'react';
import type { EngineError } from '../../provisioning/contract/engine-error.ts';
import { InlineError } from './inline-error.tsx';

export interface ReasonFormProps {
  /** Names the form for assistive technology (and tests), e.g. "waive role-resources". */
  label?: string;
  reason: string;
  onReason: (reason: string) => void;
  placeholder: string;
  /** Names the reason box, e.g. "skip reason". */
  reasonLabel: string;
  /** False while the reason (or anything else the form needs) is missing; `why` says what is. */
  ready: boolean;
  why?: string;
  pending: boolean;
  action: string;
  pendingAction: string;
  error: EngineError | null;
  errorContext: string;
  onSubmit: () => void;
  onCancel: () => void;
  /** Controls between the reason and the buttons (whom a waiver covers). */
  children?: ReactNode;
}

export function ReasonForm(props: ReasonFormProps) {
  return (
    <form
      className="inline-form"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        if (props.ready && !props.pending) props.onSubmit();
      }}
    >
      <input
        className="reason"
        value={props.reason}
        onChange={(e) => props.onReason(e.target.value)}
        placeholder={props.placeholder}
        aria-label={props.reasonLabel}
        maxLength={1000}
        autoFocus
      />
      {props.children}
      <button type="submit" className="btn small" disabled={!props.ready || props.pending} title={props.why}>
        {props.pending ? props.pendingAction : props.action}
      </button>
      <button type="button" className="btn small ghost" onClick={props.onCancel} disabled={props.pending}>
        Cancel
      </button>
      <InlineError error={props.error} context={props.errorContext} />
    </form>
  );
}
