/**
 * Where a step's output is shown: the one place to swap views. The live terminal (components/terminal/, the
 * terminal work) replays the step's whole log from disk and follows it while the step runs (terminal.open
 * { run, step }); the preview is what step.output events brought this page, in a <pre> — shown while the
 * terminal is not wanted or cannot open.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient } from '../../app-context.tsx';
import { Terminal } from '../../components/terminal/terminal.tsx';

export interface StepOutputProps {
  run: string;
  step: string;
  preview: string;
}

function PreviewOutput({ preview }: { preview: string }) {
  const box = useRef<HTMLPreElement>(null);
  // Follow the end while more arrives, as a terminal would.
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [preview]);
  return (
    <pre ref={box} className="step-output">
      {preview === '' ? <span className="muted">No output yet.</span> : preview}
    </pre>
  );
}

export function StepOutput({ run, step, preview }: StepOutputProps) {
  const client = useClient();
  const [view, setView] = useState<'terminal' | 'preview'>('terminal');
  return (
    <div className="step-output-box">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={view === 'terminal'} className={view === 'terminal' ? 'on' : ''} onClick={() => setView('terminal')}>
          Log (terminal)
        </button>
        <button type="button" role="tab" aria-selected={view === 'preview'} className={view === 'preview' ? 'on' : ''} onClick={() => setView('preview')}>
          Preview
        </button>
      </div>
      {view === 'terminal' ? <Terminal key={`${run}:${step}`} client={client} target={{ run, step }} className="step-terminal" /> : <PreviewOutput preview={preview} />}
    </div>
  );
}
