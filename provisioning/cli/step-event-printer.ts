/**
 * Prints engine events for a terminal or a log: host-prefixed lines, each with the host's progress (done/total),
 * step output indented under its step. The engine's events are the only input: the UI mirrors the same ones.
 */
import type { EngineEvent, StepState } from '../engine/engine-events.ts';
import { isSettled } from '../engine/engine-events.ts';

const MARK: Partial<Record<StepState, string>> = {
  applying: '▸',
  verified: '✓',
  'in-sync': '=',
  'not-permitted': '⊘',
  skipped: '»',
  failed: '✗',
  blocked: '·',
  reverting: '◂',
  reverted: '↺',
};

export function stepEventPrinter(out: (line: string) => void, titles: Map<string, string>): (event: EngineEvent) => void {
  const perHost = new Map<string, { total: number; done: Set<string> }>();
  const partial = new Map<string, string>();
  return (event) => {
    if (event.type === 'run-started') {
      for (const s of event.steps) {
        const h = perHost.get(s.host) ?? { total: 0, done: new Set<string>() };
        h.total++;
        perHost.set(s.host, h);
      }
      return;
    }
    if (event.type === 'run-finished') return;
    const host = perHost.get(event.host);
    const progress = host ? `${host.done.size}/${host.total}` : '';
    if (event.type === 'step-output') {
      // Output arrives in chunks; print whole lines only, each under its host.
      const text = (partial.get(event.step) ?? '') + event.text;
      const lines = text.split('\n');
      partial.set(event.step, lines.pop() ?? '');
      for (const line of lines) out(`[${event.host}]     │ ${line}`);
      return;
    }
    if (isSettled(event.state)) host?.done.add(event.step);
    const mark = MARK[event.state];
    if (!mark) return;
    const after = host ? `${host.done.size}/${host.total}` : progress;
    const title = titles.get(event.step) ?? event.step;
    out(`[${event.host} ${after}] ${mark} ${title}${event.detail ? ` — ${event.detail}` : ''}`);
  };
}
