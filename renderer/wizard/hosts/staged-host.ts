/**
 * A host the user is about to add (typed, pasted or imported), before hosts.add: what the table edits. The
 * password or passphrase is not part of it — it is typed once for the batch and goes straight into the request.
 */
import type { Mode, Role } from '../../../provisioning/contract/cluster-vocabulary.ts';

export type LoginDraft = { method: 'key'; identityFile: string } | { method: 'agent' } | { method: 'password' };

export interface StagedCaptureNic {
  pci?: string;
  name?: string;
  mac?: string;
  engines: ('zeek' | 'suricata')[];
}

export interface StagedHost {
  /** Stable identity in the table (names can be edited). */
  key: string;
  name: string;
  address: string;
  port: number | null;
  user: string;
  sudo: boolean;
  roles: Role[];
  login: LoginDraft;
  /** From an imported cluster.yaml: its capture NICs, kept as they were. */
  capture?: StagedCaptureNic[];
}

/**
 * The roles a new host starts with, so the project stays a valid draft as hosts are added one by one: in cluster
 * mode the first host is the server (Kubernetes control plane and data), the others sensors; the Roles & NICs step
 * changes them once the hardware is known.
 */
export function defaultRoles(mode: Mode, hasServer: boolean): Role[] {
  switch (mode) {
    case 'standalone':
      return ['server', 'sensor', 'data'];
    case 'external':
      return ['sensor'];
    case 'cluster':
      return hasServer ? ['sensor'] : ['server', 'data'];
  }
}
