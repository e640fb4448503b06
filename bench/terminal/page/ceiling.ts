/**
 * The ceiling: xterm alone, in the same Chromium, with the options the Terminal component gives a step's log,
 * written the same text as fast as it takes it (at most 512 KiB waiting in its write queue, as the engine's window
 * allows). No engine, no WebSocket, no React: what any pipeline into this xterm can at best reach on this machine.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { floodPieces } from '../flood-text.ts';

interface CeilingHooks {
  benchCeiling?: (result: { chars: number; seconds: number }) => void;
}

const WINDOW_CHARS = 512 * 1024;
const params = new URLSearchParams(location.search);
const total = Number(params.get('bytes') ?? '0');
const xterm = new Terminal({ scrollback: 10_000, convertEol: true, disableStdin: true, cursorBlink: false, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', fontSize: 13 });
xterm.open(document.getElementById('root')!);

// Generated before the clock starts, so only xterm is measured.
const pieces = [...floodPieces(total, 64 * 1024)];
const started = performance.now();
let next = 0;
let queued = 0;
let written = 0;
const pump = () => {
  while (queued < WINDOW_CHARS && next < pieces.length) {
    const piece = pieces[next++]!;
    queued += piece.length;
    xterm.write(piece, () => {
      queued -= piece.length;
      written += piece.length;
      if (written === total) (window as unknown as CeilingHooks).benchCeiling?.({ chars: written, seconds: (performance.now() - started) / 1000 });
      else pump();
    });
  }
};
pump();
