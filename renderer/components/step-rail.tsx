/** The left rail: the wizard's steps with how far each is, the step shown, and the project it works on. */
import type { ProjectInfo } from '../../provisioning/contract/project-summary.ts';
import type { ConnectionState } from '../api/engine-client.ts';
import { WIZARD_STEPS, type StepId, type StepStatus } from '../wizard/wizard-steps.ts';
import { AlertIcon, CheckIcon, PadlockIcon, Spinner } from './icons.tsx';

interface StepRailProps {
  current: StepId;
  statuses: Record<StepId, StepStatus>;
  project: ProjectInfo | null;
  connection: ConnectionState;
  onSelect: (step: StepId) => void;
}

function Marker({ status, index }: { status: StepStatus; index: number }) {
  switch (status.progress) {
    case 'done':
      return <CheckIcon size={12} />;
    case 'attention':
      return <AlertIcon size={12} />;
    case 'running':
      return <Spinner size={11} />;
    case 'locked':
      return <PadlockIcon size={11} />;
    case 'todo':
      return <span>{index + 1}</span>;
  }
}

const CONNECTION_LABEL: Record<ConnectionState, string> = { connecting: 'connecting…', open: 'connected', closed: 'disconnected' };

export function StepRail({ current, statuses, project, connection, onSelect }: StepRailProps) {
  return (
    <nav className="rail" aria-label="Wizard steps">
      <div className="rail-brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 21V8l4-4 4 4v13M12 21V8l4-4 4 4v13" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
          <path d="M3 14h18" stroke="currentColor" strokeWidth="1.8" />
        </svg>
        <span>Picket</span>
      </div>
      <ol className="rail-steps">
        {WIZARD_STEPS.map((step, index) => {
          const status = statuses[step.id];
          const isLocked = status.progress === 'locked';
          return (
            <li key={step.id}>
              <button
                type="button"
                className={`rail-step progress-${status.progress}${step.id === current ? ' current' : ''}`}
                onClick={() => onSelect(step.id)}
                disabled={isLocked}
                aria-current={step.id === current ? 'step' : undefined}
                title={isLocked ? status.note : undefined}
              >
                <span className="rail-marker">
                  <Marker status={status} index={index} />
                </span>
                <span className="rail-text">
                  <span className="rail-title">{step.title}</span>
                  <span className="rail-note">{status.note}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="rail-footer">
        {project ? (
          <div className="rail-project" title={project.file}>
            <span className="rail-label">Project</span>
            <span className="mono small ellipsis">{project.dir}</span>
          </div>
        ) : null}
        <div className={`rail-connection conn-${connection}`}>
          <span className="conn-dot" /> engine {CONNECTION_LABEL[connection]}
        </div>
      </div>
    </nav>
  );
}
