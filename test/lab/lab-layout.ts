/**
 * Where the lab keeps things and how it names and addresses hosts. Pure: no side effects.
 *
 * Lab instance k (PICKET_LAB_INSTANCE, 0 by default) lives in 198.18.k.0/24, with its own machine and link
 * names and its own state folder, so several labs (a developer's, a CI run's, a benchmark's) share one machine.
 *
 * The instance's site network is a switch: a bridge (`<prefix>sw`) joins the installer-side ends of every host's
 * management veth, as a rack's switch joins its hosts' ports. Host i is 198.18.k.(4i+2)/24 on it and the installer
 * (the bridge itself) is 198.18.k.1, so hosts talk to each other across the switch without the installer's IP stack,
 * and the bridge device is the installer's link: tc on it shapes what the installer sends to hosts, and its
 * counters count the bytes crossing it. Each host's own veth is its switch port: cut or shape one host there.
 * 198.18.0.0/15 is set aside for network benchmarking (RFC 2544), so lab traffic never means a real network.
 */
import { join, resolve } from 'node:path';

export const LAB_DIR = resolve(process.env.PICKET_LAB_DIR ?? join(import.meta.dirname, '..', '..', '.lab'));
export const LAB_INSTANCE = labInstance(process.env.PICKET_LAB_INSTANCE);
export const ROOTFS_DIR = join(LAB_DIR, 'rootfs');
export const KEYS_DIR = join(LAB_DIR, 'keys');
export const CREDENTIALS_FILE = join(LAB_DIR, 'credentials.json');

/** Bumped whenever the root filesystem recipe changes, so a stale cache is rebuilt. */
export const ROOTFS_VERSION = 3;
export const LAB_RANGE = `198.18.${LAB_INSTANCE}.0/24`;
export const MAX_HOSTS = 60;
export const CAPTURE_NICS = ['cap0', 'cap1'] as const;
export const MANAGEMENT_NIC = 'mgmt0';
export const MACHINE_PREFIX = LAB_INSTANCE === 0 ? 'picket-lab-' : `picket-lab${LAB_INSTANCE}-`;
export const LINK_PREFIX = LAB_INSTANCE === 0 ? 'pkl' : `pk${LAB_INSTANCE}l`;
/** The instance's switch: the bridge joining every host's management port, and the installer's link. */
export const SWITCH_LINK = `${LINK_PREFIX}sw`;
/** The installer's address on the site network (on the switch). */
export const INSTALLER_ADDRESS = `198.18.${LAB_INSTANCE}.1`;
export const SITE_PREFIX_LENGTH = 24;

/**
 * What belongs to one instance alone: its hosts' overlays, hosts.json and the pins of its hosts' keys. Instance 0
 * keeps the folder it always had; the root filesystem, keys and credentials are shared by all instances.
 */
export const INSTANCE_DIR = LAB_INSTANCE === 0 ? LAB_DIR : join(LAB_DIR, `instance-${LAB_INSTANCE}`);
export const HOSTS_DIR = join(INSTANCE_DIR, 'hosts');
export const HOSTS_FILE = join(INSTANCE_DIR, 'hosts.json');
export const LAB_KNOWN_HOSTS = join(INSTANCE_DIR, 'known_hosts');

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
  /** The installer-side end of the host's management veth: its port on the switch. */
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
    installerAddress: INSTALLER_ADDRESS,
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

/** An address inside this lab's range where no host lives: connecting to it must fail at once (no ARP wait). */
export const NOWHERE_ADDRESS = `198.18.${LAB_INSTANCE}.250`;
