/**
 * The vocabulary of preflight: what the checks read (PreflightInput) and what they say (Finding).
 * Checks are pure functions of the input; the remote samples (clock, capture path) are taken beforehand.
 */
import type { HostInventory } from '../inventory/host-inventory.ts';

export type Severity = 'fail' | 'warn' | 'info';

export interface Finding {
  severity: Severity;
  /** The host the finding is about; null for a finding about the cluster as a whole. */
  host: string | null;
  /** Kebab-case id of the check, stable: waivers name it. */
  check: string;
  /** What is wrong and by how much. */
  message: string;
  /** How to fix it ('' when there is nothing to do, as for most info findings). */
  fix: string;
}

export type Role = 'server' | 'agent' | 'sensor' | 'data';

export interface PreflightHost {
  name: string;
  roles: Role[];
  inventory: HostInventory;
  /** Capture NICs, names resolved from the spec. */
  capture: { nic: string }[];
  sriovPlanned: boolean;
}

/** One clock reading of a host against this machine. */
export interface ClockSample {
  host: string;
  /** Host clock minus this machine's clock, compensated for half the round trip. */
  offsetSeconds: number;
  /** Round trip of the reading: the offset is known to within half of it. */
  rttSeconds: number;
}

/** Counters of one capture NIC, read twice `seconds` apart (no payload is read). */
export interface CaptureSample {
  host: string;
  nic: string;
  link: 'up' | 'down' | 'unknown';
  /** Whether the interface is administratively up (IFF_UP); absent when it could not be read. */
  adminUp?: boolean;
  packetsPerSecond: number;
  bytesPerSecond: number;
  seconds: number;
}

export interface PreflightInput {
  mode: 'standalone' | 'cluster' | 'external';
  hosts: PreflightHost[];
  clock?: ClockSample[];
  capture?: CaptureSample[];
  bundleBytes?: number;
}

/** A pure check: every finding it has about the input, in host order. */
export type Check = (input: PreflightInput) => Finding[];
