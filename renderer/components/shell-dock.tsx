/**
 * Shells at the foot of every step: a tab per host of the project (a live terminal over an ssh2 PTY on it) and
 * one for this machine (node-pty), so an engineer can look at a host by hand while discovering or installing
 * without leaving the wizard. Tabs stay open, and their sessions connected, while the steps change and while the
 * project is reopened (saving roles, adding hosts); closing a tab closes its terminal.
 */
import { useState, type FormEvent } from 'react';
import { LOCAL_SHELL_HOST } from '../../provisioning/contract/terminal-requests.ts';
import { useClient, useEngineStore } from '../app-context.tsx';
import { Terminal } from './terminal/terminal.tsx';

const shellName = (host: string) => (host === LOCAL_SHELL_HOST ? 'this machine' : host);

export function ShellDock() {
  const client = useClient();
  const hosts = useEngineStore('project', (s) => s.hosts);
  const [tabs, setTabs] = useState<string[]>([]);
  const [active, setActive] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const [shown, setShown] = useState(true);

  // Nothing to offer before the project has hosts; open tabs are kept while it is reopened.
  if (hosts.length === 0 && tabs.length === 0) return null;

  const open = (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    if (!tabs.includes(choice)) setTabs([...tabs, choice]);
    setActive(choice);
    setShown(true);
    setChoice('');
  };
  const close = (host: string) => {
    const left = tabs.filter((t) => t !== host);
    setTabs(left);
    if (active === host) setActive(left.at(-1) ?? null);
  };

  return (
    <section className="shell-dock" aria-label="Shells">
      <div className="shell-dock-bar">
        <span className="shell-dock-title">Shells</span>
        <div className="shell-tabs" role="tablist" aria-label="Open shells">
          {tabs.map((host) => (
            <span key={host} className={`shell-tab${host === active && shown ? ' on' : ''}`}>
              <button
                type="button"
                role="tab"
                aria-selected={host === active && shown}
                onClick={() => {
                  setActive(host);
                  setShown(true);
                }}
              >
                {shellName(host)}
              </button>
              <button type="button" className="shell-tab-close" aria-label={`close the shell on ${shellName(host)}`} onClick={() => close(host)}>
                ×
              </button>
            </span>
          ))}
        </div>
        <form className="shell-open" onSubmit={open}>
          <select aria-label="Open a shell on" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">Open a shell on…</option>
            {hosts.map((h) => (
              <option key={h.name} value={h.name}>
                {h.name} ({h.user}@{h.address})
              </option>
            ))}
            <option value={LOCAL_SHELL_HOST}>this machine (local shell)</option>
          </select>
          <button type="submit" className="btn small" disabled={!choice}>
            Open shell
          </button>
          {tabs.length > 0 ? (
            <button type="button" className="btn small ghost" aria-expanded={shown} onClick={() => setShown(!shown)}>
              {shown ? 'Hide' : 'Show'}
            </button>
          ) : null}
        </form>
      </div>
      {tabs.map((host) => (
        <div key={host} className="shell-panel" role="tabpanel" aria-label={`shell on ${shellName(host)}`} hidden={!shown || host !== active}>
          <Terminal client={client} target={{ host }} className="shell-terminal" />
        </div>
      ))}
    </section>
  );
}
