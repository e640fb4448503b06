/**
 * What the page itself remembers: the step shown, and what was typed but not sent yet (the cluster form, pasted
 * hosts, roles and NICs being chosen, a skip or waiver reason), so going back and forth keeps it. Everything sent
 * lives in the engine. The drafts are also kept in the tab's sessionStorage, so a reload keeps them too (another tab
 * starts afresh; closing the tab forgets them). Passwords are never kept here.
 */
import { z } from 'zod';
import { createStore } from 'zustand/vanilla';
import { EngineSchema, ModeSchema, RoleSchema, type Engine, type Mode, type Role } from '../../provisioning/contract/cluster-vocabulary.ts';
import type { StagedHost } from '../wizard/hosts/staged-host.ts';
import type { StepId } from '../wizard/wizard-steps.ts';

export interface ClusterDraft {
  name: string;
  mode: Mode;
  dir: string;
  openPath: string;
}

export interface HostsDraft {
  paste: string;
  staged: StagedHost[];
}

/** A host's roles and capture NICs as being chosen (NIC name → its engines), before hosts.update. */
export interface RoleEdit {
  roles: Role[];
  capture: Record<string, Engine[]>;
}

export interface WizardState {
  /** null: not chosen yet; the page shows where the engine's state says to resume. */
  step: StepId | null;
  cluster: ClusterDraft;
  hosts: HostsDraft;
  roleEdits: Record<string, RoleEdit>;
  /** Reasons being typed, by what they are for (reasonKey): a step's skip, a check's waiver. */
  reasons: Record<string, string>;
}

export const INITIAL_WIZARD: WizardState = {
  step: null,
  cluster: { name: '', mode: 'cluster', dir: '', openPath: '' },
  hosts: { paste: '', staged: [] },
  roleEdits: {},
  reasons: {},
};

/** Where a reason being typed is kept: `skip` of a run's step, or `waive` of a check for a host (null: the cluster). */
export function reasonKey(kind: 'skip' | 'waive', ...parts: (string | null)[]): string {
  return [kind, ...parts.map((p) => p ?? '*')].join('\u0000');
}

/** What survives a reload: the drafts, checked on the way back in (the storage is the page's, but may be stale). */
const DraftsSchema = z.object({
  cluster: z.object({ name: z.string(), mode: ModeSchema, dir: z.string(), openPath: z.string() }),
  hosts: z.object({
    paste: z.string(),
    staged: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        address: z.string(),
        port: z.number().nullable(),
        user: z.string(),
        sudo: z.boolean(),
        roles: z.array(RoleSchema),
        login: z.discriminatedUnion('method', [
          z.object({ method: z.literal('key'), identityFile: z.string() }),
          z.object({ method: z.literal('agent') }),
          z.object({ method: z.literal('password') }),
        ]),
        capture: z
          .array(z.object({ pci: z.string().optional(), name: z.string().optional(), mac: z.string().optional(), engines: z.array(EngineSchema) }))
          .optional(),
      }),
    ),
  }),
  roleEdits: z.record(z.string(), z.object({ roles: z.array(RoleSchema), capture: z.record(z.string(), z.array(EngineSchema)) })),
  reasons: z.record(z.string(), z.string()),
});

type Drafts = Omit<WizardState, 'step'>;

export const DRAFTS_STORAGE_KEY = 'picket.wizard.drafts.v1';

/** The part of the Web Storage API the store uses. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem'>;

function restoreDrafts(storage: DraftStorage): Partial<Drafts> {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY) ?? 'null');
  } catch {
    return {};
  }
  const parsed = DraftsSchema.safeParse(value);
  if (!parsed.success) return {};
  const drafts = parsed.data as Drafts;
  // Staged rows get keys of their own: the page numbers new rows from 1 again after a reload.
  return { ...drafts, hosts: { ...drafts.hosts, staged: drafts.hosts.staged.map((h, i) => ({ ...h, key: `restored-${i + 1}` })) } };
}

function saveDrafts(storage: DraftStorage, state: WizardState): void {
  const { step: _step, ...drafts } = state;
  try {
    storage.setItem(DRAFTS_STORAGE_KEY, JSON.stringify(drafts));
  } catch {
    // Storage full or refused (private mode): the drafts still live as long as the page.
  }
}

function tabStorage(): DraftStorage | undefined {
  try {
    return globalThis.sessionStorage ?? undefined;
  } catch {
    return undefined;
  }
}

export function createWizardStore(storage: DraftStorage | undefined = tabStorage()) {
  const store = createStore<WizardState>(() => ({ ...INITIAL_WIZARD, ...(storage ? restoreDrafts(storage) : {}) }));
  if (storage) {
    const draftsOf = ({ cluster, hosts, roleEdits, reasons }: WizardState): Drafts => ({ cluster, hosts, roleEdits, reasons });
    let last = draftsOf(store.getState());
    store.subscribe((state) => {
      // Only a change to a draft is written; choosing a step is not.
      const { cluster, hosts, roleEdits, reasons } = state;
      if (last.cluster === cluster && last.hosts === hosts && last.roleEdits === roleEdits && last.reasons === reasons) return;
      last = draftsOf(state);
      saveDrafts(storage, state);
    });
  }
  return store;
}
