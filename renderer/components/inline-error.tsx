/**
 * An `{ ok: false }` answer shown where it happened: what failed, for which host, the engine's own message, and
 * each spec error with its line. NotImplemented is said plainly as "not available yet", not as a failure.
 */
import type { EngineError } from '../../provisioning/contract/engine-error.ts';
import { AlertIcon, InfoIcon } from './icons.tsx';

export function InlineError({ error, context }: { error: EngineError | null; context?: string }) {
  if (!error) return null;
  const notYet = error.name === 'NotImplemented';
  return (
    <div className={`inline-error${notYet ? ' not-yet' : ''}`} role="alert">
      <div className="inline-error-head">
        {notYet ? <InfoIcon /> : <AlertIcon />}
        <strong>{notYet ? 'Not available yet' : (context ?? 'Failed')}</strong>
        {error.host ? <span className="mono chip">{error.host}</span> : null}
        <span className="muted small">{error.name}</span>
      </div>
      <div className="inline-error-message">{error.message}</div>
      {error.specErrors && error.specErrors.length > 0 ? (
        <ul className="spec-errors">
          {error.specErrors.map((e) => (
            <li key={`${e.line}:${e.column}:${e.path}`}>
              <span className="mono">
                {e.line}:{e.column}
              </span>{' '}
              {e.path ? <span className="mono">{e.path}</span> : null} {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
