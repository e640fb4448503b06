/**
 * "Start local test hosts": where the engine can run the lab (Linux, as root, a checkout with it), a newcomer
 * starts a few Debian hosts on this machine and they are staged as if typed, so the usual flow (adding them,
 * confirming their host keys, discovery) goes on from there. Shown only where it can work; on Linux without root,
 * one quiet line says what would make it possible.
 */
import { useEffect, useRef, useState } from 'react';
import type { EngineError } from '../../../provisioning/contract/engine-error.ts';
import { MAX_LAB_START_HOSTS, type LabAvailability } from '../../../provisioning/contract/lab-requests.ts';
import { useClient } from '../../app-context.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { labHostRows, type LabHostRow } from './lab-host-rows.ts';

interface LocalTestHostsProps {
  takenNames: () => string[];
  takenAddresses: () => string[];
  onStage: (rows: LabHostRow[]) => void;
}

/** How many progress lines stay in view: the last few say enough. */
const SHOWN_LINES = 4;

export function LocalTestHosts(props: LocalTestHostsProps) {
  const client = useClient();
  // Starting takes a while: what is staged meanwhile must be seen when the hosts arrive, not what was there at the click.
  const latest = useRef(props);
  latest.current = props;
  const [availability, setAvailability] = useState<LabAvailability | null>(null);
  const [count, setCount] = useState(3);
  const [starting, setStarting] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<EngineError | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void client.request('lab.available', {}).then((response) => {
      if (current) setAvailability(response.ok ? response.result : null);
    });
    return () => {
      current = false;
    };
  }, [client]);

  if (!availability) return null;
  if (!availability.available) {
    return availability.reason === 'not-root' ? <p className="muted small lab-unavailable">{availability.why}</p> : null;
  }

  const start = async () => {
    setStarting(true);
    setLines([]);
    setError(null);
    setNote(null);
    // Listening before asking, so no line sent before the answer is missed.
    const stopListening = client.on('lab.progress', (event) => setLines((seen) => [...seen, event.line].slice(-SHOWN_LINES)));
    const response = await client.request('lab.start', { hosts: count }).finally(stopListening);
    setStarting(false);
    if (!response.ok) return setError(response.error);
    const { takenNames, takenAddresses, onStage } = latest.current;
    const { rows, already } = labHostRows(response.result.hosts, takenNames(), takenAddresses());
    onStage(rows);
    setLines([]);
    setNote(`${rows.length} local test host${rows.length === 1 ? '' : 's'} staged${already.length > 0 ? `; already here: ${already.join(', ')}` : ''}`);
  };

  return (
    <div className="lab-start">
      <div className="lab-start-row">
        <span className="lab-start-label">
          <strong>No hardware at hand?</strong> <span className="muted">Start Debian test hosts on this machine (systemd-nspawn) and try the whole flow.</span>
        </span>
        <label className="lab-start-count">
          <span className="muted small">hosts</span>
          <input
            type="number"
            className="cell-input tiny"
            min={1}
            max={MAX_LAB_START_HOSTS}
            value={count}
            disabled={starting}
            onChange={(e) => setCount(Math.min(MAX_LAB_START_HOSTS, Math.max(1, Math.round(Number(e.target.value) || 1))))}
            aria-label="how many local test hosts"
          />
        </label>
        <button type="button" className="btn small" onClick={() => void start()} disabled={starting}>
          {starting ? 'Starting…' : 'Start local test hosts'}
        </button>
      </div>
      {starting && lines.length > 0 ? (
        <ul className="lab-start-progress mono small" aria-live="polite">
          {lines.map((line, i) => (
            <li key={`${i}:${line}`}>{line}</li>
          ))}
        </ul>
      ) : null}
      {note ? <p className="muted small">{note}</p> : null}
      <InlineError error={error} context="Could not start local test hosts" />
    </div>
  );
}
