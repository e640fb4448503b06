/**
 * The bench page's EngineClient: the real transport, passed through untouched to the Terminal component, with a
 * tap that measures the one terminal the page shows — how much arrived, its checksum, and which chunk the component
 * acked last (it acks only what xterm has parsed). With `marked`, only the bytes between STX and ETX count (a local
 * shell's prompt and echo are not the flood).
 */
import type { EngineClient } from '../../../renderer/api/engine-client.ts';
import { fnv1a, FNV_OFFSET } from '../checksum.ts';

const STX = '\u0002';
const ETX = '\u0003';

export interface Measurement {
  terminal: string | undefined;
  chars: number;
  checksum: number;
  chunks: number;
  maxChunkChars: number;
  lastSeq: number;
  ackedSeq: number;
  acks: number;
  /** Chunks that did not follow the one before. */
  gaps: number;
  exited: boolean;
  /** marked: the chunk that carried ETX. */
  endSeq: number | undefined;
  firstDataAt: number | undefined;
  /** How long xterm had nothing to parse (everything that had arrived was written and acked) between the first chunk and the end. */
  starvedMs: number;
}

export function measuringClient(inner: EngineClient, options: { marked: boolean }) {
  const m: Measurement = { terminal: undefined, chars: 0, checksum: FNV_OFFSET, chunks: 0, maxChunkChars: 0, lastSeq: -1, ackedSeq: -1, acks: 0, gaps: 0, exited: false, endSeq: undefined, firstDataAt: undefined, starvedMs: 0 };
  let idleSince: number | undefined;
  let counting = !options.marked;
  const changed = new Set<() => void>();
  const notify = () => {
    for (const listener of changed) listener();
  };

  const count = (text: string) => {
    m.chars += text.length;
    m.checksum = fnv1a(m.checksum, text);
  };

  inner.on('terminal.data', (event) => {
    if (event.terminal !== m.terminal) return;
    m.firstDataAt ??= performance.now();
    if (idleSince !== undefined) m.starvedMs += performance.now() - idleSince;
    idleSince = undefined;
    if (event.seq !== m.lastSeq + 1) m.gaps++;
    m.lastSeq = event.seq;
    m.chunks++;
    m.maxChunkChars = Math.max(m.maxChunkChars, event.data.length);
    if (!options.marked) return count(event.data);
    let text = event.data;
    if (!counting) {
      const start = text.indexOf(STX);
      if (start < 0) return;
      counting = true;
      text = text.slice(start + 1);
    }
    if (m.endSeq !== undefined) return;
    const end = text.indexOf(ETX);
    if (end >= 0) {
      count(text.slice(0, end));
      m.endSeq = event.seq;
      notify();
    } else count(text);
  });
  inner.on('terminal.exit', (event) => {
    if (event.terminal !== m.terminal) return;
    m.exited = true;
    notify();
  });

  const client: EngineClient = {
    get state() {
      return inner.state;
    },
    request: async (name, payload) => {
      if (name === 'terminal.ack') {
        const { seq } = payload as { seq: number };
        m.ackedSeq = Math.max(m.ackedSeq, seq);
        m.acks++;
        // The component acks the newest chunk only once xterm has caught up.
        if (seq === m.lastSeq) idleSince = performance.now();
        queueMicrotask(notify);
      }
      const response = await inner.request(name, payload);
      if (name === 'terminal.open' && response.ok) m.terminal = (response.result as { terminal: string }).terminal;
      return response;
    },
    on: (type, listener) => inner.on(type, listener),
    onAny: (listener) => inner.onAny(listener),
    onStateChange: (listener) => inner.onStateChange(listener),
    ready: () => inner.ready(),
    close: () => inner.close(),
  };

  return { client, measurement: m, onChange: (listener: () => void) => changed.add(listener) };
}
