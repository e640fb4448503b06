/**
 * What the page itself remembers, and only while it is open: the step shown, and what was typed but not sent
 * yet (the cluster form, pasted hosts, roles and NICs being chosen, a skip reason), so going back and forth
 * keeps it. Everything sent lives in the engine. Passwords are never kept here.
 */
import { createStore } from 'zustand/vanilla';
import type { Engine, Mode, Role } from '../../provisioning/contract/cluster-vocabulary.ts';
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
}

export const INITIAL_WIZARD: WizardState = {
  step: null,
  cluster: { name: '', mode: 'cluster', dir: '', openPath: '' },
  hosts: { paste: '', staged: [] },
  roleEdits: {},
};

export function createWizardStore() {
  return createStore<WizardState>(() => INITIAL_WIZARD);
}
