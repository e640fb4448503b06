/**
 * Step 4, Roles & NICs: per host, what it does (roles) and which NICs capture, for which engines, chosen from
 * the NICs discovery found (driver, PCI address, NUMA node, speed, link, SR-IOV). The management NIC is locked:
 * it carries this SSH session and is never touched. Choices are sent with hosts.update, per host; until then they
 * are kept as drafts, so going back and forth loses nothing.
 */
import { useState } from 'react';
import { ROLES } from '../../../provisioning/contract/cluster-vocabulary.ts';
import type { EngineError } from '../../../provisioning/contract/engine-error.ts';
import type { HostSummary, MissingPiece } from '../../../provisioning/contract/project-summary.ts';
import type { HostInventory } from '../../../provisioning/inventory/host-inventory.ts';
import { useClient, useEngineStore, useWizard, useWizardUpdate } from '../../app-context.tsx';
import { HostStatusBadge } from '../../components/badges.tsx';
import { AlertIcon, PadlockIcon } from '../../components/icons.tsx';
import { InlineError } from '../../components/inline-error.tsx';
import { workingHosts } from '../../store/project-store.ts';
import type { RoleEdit } from '../../store/wizard-store.ts';
import { StepHeader } from '../step-header.tsx';
import type { StepId } from '../wizard-steps.ts';
import { captureChoices, editFromHost, nicRows, sameEdit, toggleCapture, toggleEngine, toggleRole } from './nic-rows.ts';

const ROLE_NOTES = {
  server: 'Kubernetes control plane',
  agent: 'Kubernetes worker',
  sensor: 'captures: Zeek and Suricata',
  data: 'log storage and dashboards',
} as const;

function MissingList({ pieces }: { pieces: MissingPiece[] }) {
  if (pieces.length === 0) return null;
  return (
    <div className="note warn">
      <AlertIcon />
      <ul>
        {pieces.map((m) => (
          <li key={`${m.path}:${m.message}`}>{m.path.endsWith('.capture') ? 'A sensor needs at least one capture NIC: tick the ports fed by a TAP or SPAN.' : m.message}</li>
        ))}
      </ul>
    </div>
  );
}

interface HostRolesProps {
  host: HostSummary;
  inventory: HostInventory;
  edit: RoleEdit;
  saved: RoleEdit;
  missing: MissingPiece[];
  error: EngineError | null;
  saving: boolean;
  onEdit: (edit: RoleEdit | null) => void;
  onSave: () => void;
}

function HostRoles({ host, inventory, edit, saved, missing, error, saving, onEdit, onSave }: HostRolesProps) {
  const dirty = !sameEdit(edit, saved);
  const rows = nicRows(inventory);
  return (
    <article className={`card roles-card${dirty ? ' dirty' : ''}`}>
      <header className="roles-head">
        <div className="roles-host">
          <span className="mono strong">{host.name}</span>
          <span className="mono muted small">{host.address}</span>
          <HostStatusBadge status={host.status} />
        </div>
        <div className="role-toggles large" role="group" aria-label={`roles of ${host.name}`}>
          {ROLES.map((role) => (
            <label key={role} className={`toggle${edit.roles.includes(role) ? ' on' : ''}`} title={ROLE_NOTES[role]}>
              <input type="checkbox" checked={edit.roles.includes(role)} onChange={() => onEdit(toggleRole(edit, role))} />
              {role}
            </label>
          ))}
        </div>
        <div className="roles-actions">
          {dirty ? <span className="muted small">unsaved</span> : null}
          <button type="button" className="btn small ghost" disabled={!dirty || saving} onClick={() => onEdit(null)}>
            Revert
          </button>
          <button type="button" className="btn small primary" disabled={!dirty || saving} onClick={onSave}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      </header>
      {/* What cluster.yaml lacks, unless the choice being made supplies it. */}
      <MissingList pieces={missing.filter((m) => !(m.path.endsWith('.capture') && Object.keys(edit.capture).length > 0))} />
      <InlineError error={error} context={`Could not save ${host.name}`} />
      <div className="table-scroll">
        <table className="table nic-table">
          <thead>
            <tr>
              <th title="capture on this NIC">Capture</th>
              <th>NIC</th>
              <th>Kind</th>
              <th>Driver</th>
              <th>PCI</th>
              <th>MAC</th>
              <th title="NUMA node">NUMA</th>
              <th>Speed</th>
              <th>Link</th>
              <th>MTU</th>
              <th>Queues</th>
              <th>SR-IOV</th>
              <th>Engines</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((nic) => {
              const engines = edit.capture[nic.name];
              return (
                <tr key={nic.name} className={nic.locked ? 'locked' : engines ? 'captured' : undefined}>
                  <td className="center">
                    {nic.locked ? (
                      <PadlockIcon title="management NIC: carries this SSH session" />
                    ) : (
                      <input
                        type="checkbox"
                        checked={engines !== undefined}
                        disabled={nic.lockReason !== null}
                        title={nic.lockReason ?? undefined}
                        onChange={() => onEdit(toggleCapture(edit, nic.name))}
                        aria-label={`capture on ${nic.name}`}
                      />
                    )}
                  </td>
                  <td className="mono strong">
                    {nic.name}
                    {nic.locked ? <div className="lock-note">carries this SSH session</div> : null}
                  </td>
                  <td className="small">{nic.kind}</td>
                  <td className="mono small">{nic.driver}</td>
                  <td className="mono small">{nic.pci ?? '—'}</td>
                  <td className="mono small">{nic.mac}</td>
                  <td className="mono center">{nic.numa}</td>
                  <td className="mono small">{nic.speed}</td>
                  <td>
                    <span className={`link link-${nic.link}`}>{nic.link}</span>
                  </td>
                  <td className="mono small">{nic.mtu}</td>
                  <td className="mono small center">{nic.queues}</td>
                  <td className="mono small">{nic.sriov}</td>
                  <td>
                    {engines ? (
                      <span className="role-toggles">
                        {(['zeek', 'suricata'] as const).map((engine) => (
                          <label key={engine} className={`toggle engine-${engine}${engines.includes(engine) ? ' on' : ''}`}>
                            <input type="checkbox" checked={engines.includes(engine)} onChange={() => onEdit(toggleEngine(edit, nic.name, engine))} />
                            {engine}
                          </label>
                        ))}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </article>
  );
}

export function RolesStep({ go, planReady }: { go: (step: StepId) => void; planReady: boolean }) {
  const client = useClient();
  const project = useEngineStore('project', (s) => s.project);
  const hosts = workingHosts(useEngineStore('project', (s) => s.hosts));
  const byHost = useEngineStore('discovery', (s) => s.byHost);
  const edits = useWizard((s) => s.roleEdits);
  const update = useWizardUpdate();
  const [errors, setErrors] = useState<Record<string, EngineError | null>>({});
  const [saving, setSaving] = useState<string | null>(null);

  const setEdit = (name: string, edit: RoleEdit | null) =>
    update((s) => {
      const { [name]: _old, ...rest } = s.roleEdits;
      return { roleEdits: edit ? { ...rest, [name]: edit } : rest };
    });

  const save = async (host: HostSummary, inventory: HostInventory) => {
    const edit = edits[host.name];
    if (!edit) return;
    setSaving(host.name);
    const response = await client.request('hosts.update', { name: host.name, roles: edit.roles, capture: captureChoices(edit, inventory) });
    setSaving(null);
    setErrors((e) => ({ ...e, [host.name]: response.ok ? null : response.error }));
    if (response.ok) setEdit(host.name, null);
  };

  const dirtyHosts = hosts.filter((h) => {
    const inventory = byHost[h.name]?.inventory;
    const edit = edits[h.name];
    return inventory && edit && !sameEdit(edit, editFromHost(h, inventory));
  });
  const saveAll = async () => {
    for (const host of dirtyHosts) {
      const inventory = byHost[host.name]?.inventory;
      if (inventory) await save(host, inventory);
    }
  };
  const clusterMissing = (project?.missing ?? []).filter((m) => m.host === null);

  return (
    <section className="step">
      <StepHeader
        title="Roles & NICs"
        lead="Choose what each host does, and which of its NICs capture — the ports a TAP or SPAN feeds — for Zeek, Suricata or both. Prefer NICs on the NUMA node with the most free cores; the plan pins each sensor's workers there."
        action={
          <>
            {dirtyHosts.length > 0 ? (
              <button type="button" className="btn" onClick={() => void saveAll()} disabled={saving !== null}>
                Save {dirtyHosts.length} host{dirtyHosts.length === 1 ? '' : 's'}
              </button>
            ) : null}
            <button type="button" className="btn primary" disabled={!planReady || dirtyHosts.length > 0} onClick={() => go('plan')}>
              Continue to Plan
            </button>
          </>
        }
      />
      <MissingList pieces={clusterMissing} />
      {hosts.map((host) => {
        const found = byHost[host.name];
        if (!found?.inventory) {
          return (
            <article key={host.name} className="card">
              <span className="mono strong">{host.name}</span> <span className="muted">— not discovered{found?.problems.length ? `: ${found.problems[0]}` : ''}. Discover it first.</span>
            </article>
          );
        }
        const inventory = found.inventory;
        const saved = editFromHost(host, inventory);
        return (
          <HostRoles
            key={host.name}
            host={host}
            inventory={inventory}
            edit={edits[host.name] ?? saved}
            saved={saved}
            missing={(project?.missing ?? []).filter((m) => m.host === host.name)}
            error={errors[host.name] ?? null}
            saving={saving === host.name}
            onEdit={(edit) => setEdit(host.name, edit)}
            onSave={() => void save(host, inventory)}
          />
        );
      })}
    </section>
  );
}
