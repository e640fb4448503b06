/**
 * A small search box over a terminal's scrollback: Enter finds the next match, Shift+Enter the previous one,
 * Escape clears. It knows nothing of xterm; the terminal hands it find and clear.
 */
import { useState, type KeyboardEvent } from 'react';

export interface TerminalSearchBoxProps {
  find: (query: string, direction: 'next' | 'previous') => boolean;
  clear: () => void;
}

export function TerminalSearchBox({ find, clear }: TerminalSearchBoxProps) {
  const [query, setQuery] = useState('');
  const [missed, setMissed] = useState(false);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && query) {
      event.preventDefault();
      setMissed(!find(query, event.shiftKey ? 'previous' : 'next'));
    } else if (event.key === 'Escape') {
      setQuery('');
      setMissed(false);
      clear();
    }
  };

  return (
    <div className="terminal-search" role="search">
      <input
        type="search"
        aria-label="Search this terminal"
        placeholder="Search"
        value={query}
        aria-invalid={missed}
        onChange={(event) => {
          setQuery(event.target.value);
          setMissed(false);
        }}
        onKeyDown={onKeyDown}
      />
      <button type="button" aria-label="Previous match" disabled={!query} onClick={() => setMissed(!find(query, 'previous'))}>
        ↑
      </button>
      <button type="button" aria-label="Next match" disabled={!query} onClick={() => setMissed(!find(query, 'next'))}>
        ↓
      </button>
    </div>
  );
}
