/**
 * The bench page: the real Terminal component, over the real WebSocket transport, in a page served by the engine's
 * own `picket serve`. It opens the terminal the URL names (?run=&step= for a step's log, ?host=@local for the local
 * shell, whose flood is marked with STX/ETX), and tells the bench (functions it exposed) when the terminal is open
 * and when everything has been written and acked.
 */
import { createRoot } from 'react-dom/client';
import { serveSocketUrl } from '../../../renderer/api/serve-socket-url.ts';
import { createWsTransport } from '../../../renderer/api/ws-transport.ts';
import { Terminal, type TerminalTarget } from '../../../renderer/components/terminal/terminal.tsx';
import { measuringClient, type Measurement } from './measuring-client.ts';

interface BenchHooks {
  benchOpened?: (terminal: string) => void;
  benchDone?: (report: Measurement) => void;
}

const hooks = window as unknown as BenchHooks;
const params = new URLSearchParams(location.search);
const host = params.get('host');
const target: TerminalTarget = host ? { host } : { run: params.get('run') ?? '', step: params.get('step') ?? '' };
const transport = createWsTransport(serveSocketUrl(location));
const { client, measurement, onChange } = measuringClient(transport, { marked: host !== null });
transport.ready();

let opened = false;
let done = false;
onChange(() => {
  if (!opened && measurement.terminal) {
    opened = true;
    hooks.benchOpened?.(measurement.terminal);
  }
  const endSeq = host ? measurement.endSeq : measurement.exited ? measurement.lastSeq : undefined;
  if (done || endSeq === undefined || measurement.ackedSeq < endSeq) return;
  done = true;
  hooks.benchDone?.({ ...measurement });
});
// The open answer arrives before any data; tell the bench as soon as it does.
const poll = setInterval(() => {
  if (measurement.terminal) {
    clearInterval(poll);
    if (!opened) {
      opened = true;
      hooks.benchOpened?.(measurement.terminal);
    }
  }
}, 10);

createRoot(document.getElementById('root')!).render(
  <div style={{ position: 'fixed', inset: 0, display: 'flex', flexDirection: 'column' }}>
    <Terminal client={client} target={target} className="bench-terminal" />
  </div>,
);
