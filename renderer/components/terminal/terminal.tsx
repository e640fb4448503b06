/**
 * A live terminal in the UI: xterm.js over one engine terminal — a shell on a host, the local shell, or a step's
 * log (read-only). Browser-only; it talks to the engine through the EngineClient alone, so it works over IPC and
 * over `picket serve` alike.
 *
 * - Output: terminal.data chunks are written in order, and acked once xterm has parsed them (TerminalDataWriter),
 *   which is what keeps a flood of output from outrunning the page.
 * - Size: FitAddon fits the terminal to its box, on a ResizeObserver throttled to a reflow per 32 ms (dragging a
 *   pane edge must not reflow on every pixel); the engine hears the new size at most every 100 ms.
 * - Scrollback is bounded (`scrollback` lines): the whole output of a step is in its log on disk, not in the page.
 * - Search in the scrollback (SearchAddon and a small box), copy on selection.
 */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal as Xterm } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { TerminalSource } from '../../../provisioning/contract/terminal-requests.ts';
import type { EngineClient } from '../../api/engine-client.ts';
import { copyOnSelect } from './copy-on-select.ts';
import { splitInput } from './split-input.ts';
import { TerminalDataWriter } from './terminal-data-writer.ts';
import { TerminalSearchBox } from './terminal-search-box.tsx';
import { throttleLatest } from './throttle-latest.ts';

/** What to attach to: a host's shell (by name, or LOCAL_SHELL_HOST), or a step's log. The size is the terminal's own. */
export type TerminalTarget = { host: string } | { run: string; step: string };

export interface TerminalExitInfo {
  code: number | null;
  signal: string | null;
}

export interface TerminalProps {
  client: EngineClient;
  target: TerminalTarget;
  /** Lines kept above the screen: 5,000 for a shell, 10,000 for a step's log unless told. */
  scrollback?: number;
  onExit?: (exit: TerminalExitInfo) => void;
  className?: string;
}

const REFLOW_INTERVAL_MS = 32;
const RESIZE_REQUEST_INTERVAL_MS = 100;

function targetKey(target: TerminalTarget): string {
  return 'host' in target ? `host:${target.host}` : `step:${target.run}:${target.step}`;
}

function exitLine(exit: TerminalExitInfo, isLog: boolean): string {
  if (isLog) return '';
  const why = exit.code !== null ? `exited with code ${exit.code}` : exit.signal ? `ended by ${exit.signal}` : 'connection closed';
  return `\r\n\x1b[2m[${why}]\x1b[0m\r\n`;
}

export function Terminal({ client, target, scrollback, onExit, className }: TerminalProps) {
  const box = useRef<HTMLDivElement>(null);
  const search = useRef<SearchAddon | undefined>(undefined);
  const exitListener = useRef(onExit);
  exitListener.current = onExit;
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const key = targetKey(target);

  useEffect(() => {
    const container = box.current;
    if (!container) return;
    const isLog = 'step' in target;
    const xterm = new Xterm({
      scrollback: scrollback ?? (isLog ? 10_000 : 5_000),
      // A step's log is what its commands printed without a PTY: bare \n line ends.
      convertEol: isLog,
      disableStdin: isLog,
      cursorBlink: !isLog,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace',
      fontSize: 13,
      // The page's dark slate, not xterm's pure black: one surface with the box and tabs around it.
      theme: { background: '#11161d', foreground: '#d7dee6' },
    });
    const fit = new FitAddon();
    const searchAddon = new SearchAddon();
    xterm.loadAddon(fit);
    xterm.loadAddon(searchAddon);
    search.current = searchAddon;
    xterm.open(container);
    fit.fit();

    let terminal: string | undefined;
    let disposed = false;
    const ours = (event: { terminal: string }) => terminal !== undefined && event.terminal === terminal;
    const writer = new TerminalDataWriter(
      xterm,
      (seq) => {
        if (terminal) void client.request('terminal.ack', { terminal, seq });
      },
      (expected, got) => console.error(`picket: terminal ${terminal ?? '?'} skipped from chunk ${expected} to ${got}`),
    );
    const offData = client.on('terminal.data', (event) => {
      if (ours(event)) writer.write(event.seq, event.data);
    });
    const offExit = client.on('terminal.exit', (event) => {
      if (!ours(event)) return;
      const exit = { code: event.code, signal: event.signal };
      const line = exitLine(exit, isLog);
      if (line) xterm.write(line);
      exitListener.current?.(exit);
    });

    const sendResize = throttleLatest((cols: number, rows: number) => {
      if (terminal) void client.request('terminal.resize', { terminal, cols, rows });
    }, RESIZE_REQUEST_INTERVAL_MS);
    const onResize = xterm.onResize(({ cols, rows }) => sendResize.call(cols, rows));
    const onInput = xterm.onData((data) => {
      if (!terminal || isLog) return;
      // Requests go out in order, and the engine writes each before it reads the next: keystrokes keep their order.
      for (const piece of splitInput(data)) void client.request('terminal.input', { terminal, data: piece });
    });
    const copying = copyOnSelect(xterm);
    const reflow = throttleLatest(() => {
      if (!disposed && container.clientWidth > 0 && container.clientHeight > 0) fit.fit();
    }, REFLOW_INTERVAL_MS);
    const observer = new ResizeObserver(() => reflow.call());
    observer.observe(container);

    const source: TerminalSource = isLog ? { run: target.run, step: target.step } : { host: target.host, cols: xterm.cols, rows: xterm.rows };
    setProblem(undefined);
    void client.request('terminal.open', source).then((response) => {
      if (!response.ok) {
        if (!disposed) setProblem(response.error.message);
        return;
      }
      if (disposed) {
        void client.request('terminal.close', { terminal: response.result.terminal });
        return;
      }
      terminal = response.result.terminal;
      // The box may have changed while the terminal opened.
      if (!isLog) sendResize.call(xterm.cols, xterm.rows);
    });

    return () => {
      disposed = true;
      observer.disconnect();
      reflow.cancel();
      sendResize.cancel();
      offData();
      offExit();
      onResize.dispose();
      onInput.dispose();
      copying.dispose();
      if (terminal) void client.request('terminal.close', { terminal });
      search.current = undefined;
      xterm.dispose();
    };
    // `target` is read through its key: a new object naming the same terminal does not reopen it.
  }, [client, key, scrollback]);

  return (
    <div className={['picket-terminal', className].filter(Boolean).join(' ')}>
      <TerminalSearchBox
        find={(query, direction) => (direction === 'next' ? search.current?.findNext(query) : search.current?.findPrevious(query)) ?? false}
        clear={() => search.current?.clearDecorations()}
      />
      {problem ? (
        <p className="terminal-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="terminal-screen" ref={box} style={{ width: '100%', height: '100%', minHeight: '8rem' }} />
    </div>
  );
}
