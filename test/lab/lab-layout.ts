/**
 * Where the lab keeps things and how it names and addresses hosts. Pure: no side effects.
 *
 * Lab instance k (PICKET_LAB_INSTANCE, 0 by default) lives in 198.18.k.0/24, with its own machine and link
 * names, so two checkouts (a developer's lab and a CI run in a clone) can each have one on the same machine.
 * Host i (1-based) owns 198.18.k.(4i)/30: the installer side of its management veth is .4i+1, the host .4i+2.
 * 198.18.0.0/15 is set aside for network benchmarking (RFC 2544), so lab traffic never means a real network.
 */
import { join, resolve } from 'node:path';

export const LAB_DIR = resolve(process.env.PICKET_LAB_DIR ?? join(import.meta.dirname, '..', '..', '.lab'));
export const ROOTFS_DIR = join(LAB_DIR, 'rootfs');
export const HOSTS_DIR = join(LAB_DIR, 'hosts');
export const KEYS_DIR = join(LAB_DIR, 'keys');
export const HOSTS_FILE = join(LAB_DIR, 'hosts.json');
export const CREDENTIALS_FILE = join(LAB_DIR, 'credentials.json');

/** Bumped whenever the root filesystem recipe changes, so a stale cache is rebuilt. */
export const ROOTFS_VERSION = 3;
export const LAB_INSTANCE = labInstance(process.env.PICKET_LAB_INSTANCE);
export const LAB_RANGE = `198.18.${LAB_INSTANCE}.0/24`;
export const MAX_HOSTS = 60;
export const CAPTURE_NICS = ['cap0', 'cap1'] as const;
export const MANAGEMENT_NIC = 'mgmt0';
export const MACHINE_PREFIX = LAB_INSTANCE === 0 ? 'picket-lab-' : `picket-lab${LAB_INSTANCE}-`;
export const LINK_PREFIX = LAB_INSTANCE === 0 ? 'pkl' : `pk${LAB_INSTANCE}l`;

export function labInstance(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 99) throw new Error(`PICKET_LAB_INSTANCE must be a whole number from 0 to 99, got ${JSON.stringify(text)}`);
  return n;
}

export interface LabHostLayout {
  index: number;
  name: string;
  machine: string;
  address: string;
  installerAddress: string;
  managementLink: string;
  /** Installer-side peers of the capture NICs: traffic written here arrives on the host's capture port. */
  captureLinks: string[];
  dir: string;
}

export function hostLayout(index: number): LabHostLayout {
  if (!Number.isInteger(index) || index < 1 || index > MAX_HOSTS) {
    throw new Error(`lab host index must be 1..${MAX_HOSTS}, got ${index}`);
  }
  const base = index * 4;
  return {
    index,
    name: `lab-${index}`,
    machine: `${MACHINE_PREFIX}${index}`,
    address: `198.18.${LAB_INSTANCE}.${base + 2}`,
    installerAddress: `198.18.${LAB_INSTANCE}.${base + 1}`,
    managementLink: `${LINK_PREFIX}${index}m`,
    captureLinks: CAPTURE_NICS.map((_, c) => `${LINK_PREFIX}${index}c${c}`),
    dir: join(HOSTS_DIR, `lab-${index}`),
  };
}

/** A capture NIC's MAC: locally administered (02:…), "P", the lab instance, host index and port number. */
export function captureMac(index: number, port: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `02:50:${hex(LAB_INSTANCE)}:${hex(index)}:00:${hex(port)}`;
}

/** An address inside this lab's range where no host lives: connecting to it must fail at once. */
export const NOWHERE_ADDRESS = `198.18.${LAB_INSTANCE}.250`;
