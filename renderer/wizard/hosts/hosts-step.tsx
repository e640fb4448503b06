/**
 * Step 2, Hosts: the project's hosts (hosts.remove takes one out), and new ones staged in a table — added one at
 * a time, pasted as `user@host[:port]` lines, or imported from another cluster.yaml — then sent one hosts.add
 * each. A row the engine refuses keeps its error beside it; the others go on. Where the engine can, local test
 * hosts are started and staged the same way (local-test-hosts.tsx).
 */
import { useEffect, useRef, useState } from 'react';
import { ROLES, type Role } from '../../../provisioning/contract/cluster-vocabulary.ts';
import type { EngineError } from '../../../provisioning/contract/engine-error.ts';
import type { HostSummary } from '../../../provisioning/contract/project-summary.ts';
import { useClient, useEngineStore, useWizard, useWizardUpdate } from '../../app-context.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { HostStatusBadge } from '../../components/badges.tsx';
import { SecretInput } from '../../components/secret-input.tsx';
import { useRequest } from '../../components/use-request.ts';
import { workingHosts } from '../../store/project-store.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';
import { hostsFromClusterYaml } from './hosts-from-cluster-yaml.ts';
import { LocalTestHosts } from './local-test-hosts.tsx';
import { newHostPayload } from './new-host-payload.ts';
import { parseHostLines, suggestName, type HostLineError } from './parse-host-lines.ts';
import { defaultRoles, type LoginDraft, type StagedHost } from './staged-host.ts';

let stagedCount = 0;
const stagedKey = () => `staged-${++stagedCount}`;

function loginLabel(host: HostSummary): string {
  switch (host.login.method) {
    case 'key':
      return `key ${host.login.identityFile}`;
    case 'agent':
      return 'ssh-agent';
    case 'password':
      return `password (secret ${host.login.secretName})`;
  }
}

function RoleChips({ roles }: { roles: Role[] }) {
  if (roles.length === 0) return <span className="muted small">jump host</span>;
  return (
    <span className="chips">
      {roles.map((r) => (
        <span key={r} className={`chip role-${r}`}>
          {r}
        </span>
      ))}
    </span>
  );
}

function ProjectHosts({ hosts }: { hosts: HostSummary[] }) {
  const remove = useRequest('hosts.remove');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failedOn, setFailedOn] = useState<string | null>(null);
  const onRemove = async (name: string) => {
    if (confirming !== name) return setConfirming(name);
    setConfirming(null);
    setFailedOn(name);
    await remove.send({ name });
  };
  if (hosts.length === 0) return <p className="empty">No hosts yet. Add them below: one, many pasted at once, or from another cluster.yaml.</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Address</th>
          <th>Login</th>
          <th>Roles</th>
          <th>Status</th>
          <th aria-label="actions" />
        </tr>
      </thead>
      <tbody>
        {hosts.map((h) => (
          <tr key={h.name}>
            <td className="mono strong">{h.name}</td>
            <td className="mono">
              {h.user}@{h.address}
              {h.port !== 22 ? `:${h.port}` : ''}
              {h.jump ? <span className="muted"> via {h.jump}</span> : null}
            </td>
            <td className="small">
              {loginLabel(h)}
              {h.sudo ? <span className="chip">sudo</span> : null}
            </td>
            <td>
              <RoleChips roles={h.roles} />
            </td>
            <td>
              <HostStatusBadge status={h.status} />
            </td>
            <td className="row-actions">
              <button type="button" className={`btn small${confirming === h.name ? ' danger' : ''}`} onClick={() => void onRemove(h.name)} disabled={remove.pending}>
                {confirming === h.name ? 'Remove from cluster.yaml?' : 'Remove'}
              </button>
              {failedOn === h.name ? <InlineError error={remove.error} context="Could not remove" /> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface StagedTableProps {
  rows: StagedHost[];
  errors: Record<string, EngineError | string>;
  onChange: (rows: StagedHost[]) => void;
}

function StagedTable({ rows, errors, onChange }: StagedTableProps) {
  const patch = (key: string, change: Partial<StagedHost>) => onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const setLogin = (key: string, login: LoginDraft) => patch(key, { login });
  const setAll = (method: LoginDraft['method']) =>
    onChange(rows.map((r) => ({ ...r, login: method === 'key' ? { method, identityFile: r.login.method === 'key' ? r.login.identityFile : '' } : { method } })));
  return (
    <table className="table staged">
      <thead>
        <tr>
          <th>Name</th>
          <th>User</th>
          <th>Address</th>
          <th>Port</th>
          <th>sudo</th>
          <th>Roles</th>
          <th>
            Login{' '}
            <select className="inline-select" aria-label="set every row's login" value="" onChange={(e) => e.target.value && setAll(e.target.value as LoginDraft['method'])}>
              <option value="">all…</option>
              <option value="password">password</option>
              <option value="key">key file</option>
              <option value="agent">ssh-agent</option>
            </select>
          </th>
          <th aria-label="actions" />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const error = errors[row.key];
          return (
            <tr key={row.key} className={error ? 'has-error' : undefined}>
              <td>
                <input className="mono cell-input" value={row.name} onChange={(e) => patch(row.key, { name: e.target.value.toLowerCase() })} aria-label="name" spellCheck={false} />
              </td>
              <td>
                <input
                  className="mono cell-input narrow"
                  value={row.user}
                  onChange={(e) => patch(row.key, { user: e.target.value, sudo: e.target.value !== 'root' ? true : row.sudo })}
                  aria-label="user"
                  spellCheck={false}
                />
              </td>
              <td>
                <input className="mono cell-input" value={row.address} onChange={(e) => patch(row.key, { address: e.target.value.trim() })} aria-label="address" spellCheck={false} />
              </td>
              <td>
                <input
                  className="mono cell-input tiny"
                  value={row.port ?? ''}
                  placeholder="22"
                  onChange={(e) => patch(row.key, { port: /^\d+$/.test(e.target.value) ? Number(e.target.value) : null })}
                  aria-label="port"
                />
              </td>
              <td className="center">
                <input type="checkbox" checked={row.sudo} onChange={(e) => patch(row.key, { sudo: e.target.checked })} aria-label="sudo" />
              </td>
              <td>
                <span className="role-toggles">
                  {ROLES.map((role) => (
                    <label key={role} className={`toggle${row.roles.includes(role) ? ' on' : ''}`}>
                      <input
                        type="checkbox"
                        checked={row.roles.includes(role)}
                        onChange={() => patch(row.key, { roles: row.roles.includes(role) ? row.roles.filter((r) => r !== role) : [...row.roles, role] })}
                      />
                      {role}
                    </label>
                  ))}
                </span>
              </td>
              <td>
                <span className="login-cell">
                <select
                  value={row.login.method}
                  onChange={(e) => setLogin(row.key, e.target.value === 'key' ? { method: 'key', identityFile: '' } : { method: e.target.value as 'agent' | 'password' })}
                  aria-label="login"
                >
                  <option value="password">password</option>
                  <option value="key">key file</option>
                  <option value="agent">ssh-agent</option>
                </select>
                {row.login.method === 'key' ? (
                  <input
                    className="mono cell-input"
                    value={row.login.identityFile}
                    placeholder="~/.ssh/id_ed25519"
                    onChange={(e) => setLogin(row.key, { method: 'key', identityFile: e.target.value })}
                    aria-label="key file"
                    spellCheck={false}
                  />
                ) : null}
                </span>
              </td>
              <td className="row-actions">
                <button type="button" className="btn small ghost" onClick={() => onChange(rows.filter((r) => r.key !== row.key))} aria-label={`drop ${row.name}`}>
                  ✕
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function HostsStep({ go }: { go: (step: StepId) => void }) {
  const client = useClient();
  const project = useEngineStore('project', (s) => s.project);
  const hosts = useEngineStore('project', (s) => s.hosts);
  const draft = useWizard((s) => s.hosts);
  const update = useWizardUpdate();
  const [lineErrors, setLineErrors] = useState<HostLineError[]>([]);
  const [importNote, setImportNote] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, EngineError | string>>({});
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [adding, setAdding] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const needsPassword = draft.staged.some((r) => r.login.method === 'password');
  const needsPassphrase = draft.staged.some((r) => r.login.method === 'key');
  // A secret's box that goes takes the secret with it: the next one shown starts empty, and so does what is sent.
  useEffect(() => {
    if (!needsPassword) setPassword('');
  }, [needsPassword]);
  useEffect(() => {
    if (!needsPassphrase) setPassphrase('');
  }, [needsPassphrase]);

  if (!project) return <p className="empty">Open or create a project first.</p>;
  const mode = project.mode;
  const setStaged = (staged: StagedHost[]) => update((s) => ({ hosts: { ...s.hosts, staged } }));
  const hasServer = () => [...hosts, ...draft.staged].some((h) => h.roles.includes('server'));
  const takenNames = () => [...hosts.map((h) => h.name), ...draft.staged.map((h) => h.name)];
  const takenAddresses = () => [...hosts, ...draft.staged].map((h) => `${h.address.toLowerCase()}:${h.port ?? 22}`);

  const stage = (rows: Omit<StagedHost, 'key' | 'roles'>[]) => {
    const staged = [...draft.staged];
    for (const row of rows) {
      const server = staged.some((h) => h.roles.includes('server')) || hosts.some((h) => h.roles.includes('server'));
      staged.push({ ...row, key: stagedKey(), roles: defaultRoles(mode, server) });
    }
    setStaged(staged);
  };

  const stageLines = () => {
    const parsed = parseHostLines(draft.paste, takenNames(), takenAddresses());
    setLineErrors(parsed.errors);
    stage(parsed.hosts.map((h) => ({ name: h.name, address: h.address, port: h.port, user: h.user ?? 'root', sudo: (h.user ?? 'root') !== 'root', login: { method: 'password' } })));
    // What was staged leaves the box; the lines in error stay, to be fixed.
    update((s) => ({ hosts: { ...s.hosts, paste: parsed.errors.map((e) => e.text).join('\n') } }));
  };

  const addOne = () => {
    const name = suggestName('', new Set(takenNames()));
    setStaged([...draft.staged, { key: stagedKey(), name, address: '', port: null, user: 'root', sudo: false, roles: defaultRoles(mode, hasServer()), login: { method: 'password' } }]);
  };

  const onImport = async (file: File | undefined) => {
    if (!file) return;
    const imported = hostsFromClusterYaml(await file.text());
    if (!imported.ok) return setImportNote(`${file.name}: ${imported.message}`);
    const names = new Set(takenNames());
    const fresh = imported.hosts.filter((h) => !names.has(h.name));
    setStaged([...draft.staged, ...fresh.map((h) => ({ ...h, key: stagedKey() }))]);
    const skipped = [...imported.skipped, ...imported.hosts.filter((h) => names.has(h.name)).map((h) => `${h.name}: already in this project`)];
    setImportNote(`${file.name}: ${fresh.length} host(s) staged${skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : ''}`);
  };

  const addAll = async () => {
    setAdding(true);
    const errors: Record<string, EngineError | string> = {};
    const left: StagedHost[] = [];
    // One at a time: each is its own edit of cluster.yaml, and a refusal stays on its row.
    for (const row of draft.staged) {
      const payload = newHostPayload(row, { password, passphrase });
      if (!payload.ok) {
        errors[row.key] = payload.message;
        left.push(row);
        continue;
      }
      const response = await client.request('hosts.add', { host: payload.host });
      if (!response.ok) {
        errors[row.key] = response.error;
        left.push(row);
      }
    }
    setRowErrors(errors);
    setStaged(left);
    setAdding(false);
    if (left.length === 0) setPassword('');
  };

  const working = workingHosts(hosts);

  return (
    <section className="step">
      <StepHeader
        title="Hosts"
        lead="The servers to install, as Picket reaches them over SSH. Roles can be changed after discovery, once their hardware is known. Passwords are stored in the project's secrets.yaml (0600), and cluster.yaml names them."
        action={
          <button type="button" className="btn primary" disabled={working.length === 0} onClick={() => go('discover')}>
            Continue to Discover
          </button>
        }
      />

      <div className="card">
        <div className="card-title">
          <span>In this project</span>
          <span className="muted small">{hosts.length} host(s)</span>
        </div>
        <ProjectHosts hosts={hosts} />
      </div>

      <div className="card">
        <div className="card-title">Add hosts</div>
        <div className="add-hosts">
          <label className="field grow">
            <span>
              Paste one per line: <span className="mono">user@host[:port]</span>, optionally after a name (<span className="mono">sensor-1 root@10.0.0.11</span>)
            </span>
            <textarea
              className="mono"
              rows={5}
              value={draft.paste}
              onChange={(e) => update((s) => ({ hosts: { ...s.hosts, paste: e.target.value } }))}
              placeholder={'root@10.0.0.10\nsensor-1 ops@10.0.0.11\nsensor-2 ops@10.0.0.12:2222'}
              spellCheck={false}
            />
          </label>
          <div className="add-hosts-buttons">
            <button type="button" className="btn" onClick={stageLines} disabled={draft.paste.trim() === ''}>
              Stage lines
            </button>
            <button type="button" className="btn" onClick={addOne}>
              Add one row
            </button>
            <button type="button" className="btn" onClick={() => fileInput.current?.click()}>
              Import cluster.yaml…
            </button>
            <input ref={fileInput} type="file" accept=".yaml,.yml" hidden onChange={(e) => void onImport(e.target.files?.[0])} />
          </div>
        </div>
        {lineErrors.length > 0 ? (
          <ul className="line-errors">
            {lineErrors.map((e) => (
              <li key={e.line}>
                line {e.line}: <span className="mono">{e.text}</span> — {e.message}
              </li>
            ))}
          </ul>
        ) : null}
        {importNote ? <p className="muted small">{importNote}</p> : null}
        <LocalTestHosts takenNames={takenNames} takenAddresses={takenAddresses} onStage={stage} />

        {draft.staged.length > 0 ? (
          <>
            <StagedTable rows={draft.staged} errors={rowErrors} onChange={setStaged} />
            {draft.staged.map((row) => {
              const error = rowErrors[row.key];
              if (!error) return null;
              return typeof error === 'string' ? (
                <p key={row.key} className="field-error">
                  <span className="mono">{row.name || 'a row'}</span>: {error}
                </p>
              ) : (
                <InlineError key={row.key} error={{ ...error, host: error.host ?? row.name }} context={`Could not add ${row.name}`} />
              );
            })}
            <div className="batch-secrets">
              {needsPassword ? (
                <label className="field">
                  <span>Password (for the rows logging in by password; also sudo's)</span>
                  <SecretInput onChange={setPassword} />
                </label>
              ) : null}
              {needsPassphrase ? (
                <label className="field">
                  <span>Key passphrase (if the key file has one)</span>
                  <SecretInput onChange={setPassphrase} />
                </label>
              ) : null}
              <div className="actions">
                <button type="button" className="btn ghost" onClick={() => setStaged([])} disabled={adding}>
                  Clear
                </button>
                <button type="button" className="btn primary" onClick={() => void addAll()} disabled={adding}>
                  {adding ? 'Adding…' : `Add ${draft.staged.length} host${draft.staged.length === 1 ? '' : 's'} to cluster.yaml`}
                </button>
              </div>
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}
