/** The top of a step: its title, one paragraph saying what it is for, and its main action on the right. */
import type { ReactNode } from 'react';

export function StepHeader({ title, lead, action }: { title: string; lead: ReactNode; action?: ReactNode }) {
  return (
    <header className="step-header">
      <div>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
      </div>
      {action ? <div className="step-header-action">{action}</div> : null}
    </header>
  );
}
