/**
 * The lab's shared root filesystem: Debian 12 built once with debootstrap, then configured for the lab
 * (sshd with per-boot host keys, systemd-networkd, a sudo user with a password, a user without sudo).
 * Every host boots an overlay of it, so building costs about a minute once and a host about a second.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CREDENTIALS_FILE, KEYS_DIR, LAB_DIR, ROOTFS_DIR, ROOTFS_VERSION } from './lab-layout.ts';
import { mustRun } from './run-local.ts';

const PACKAGES = [
  'systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'sudo', 'ethtool', 'iproute2', 'pciutils', 'procps',
  'python3', // ansible's setup module needs it (the inventory benchmark compares against ansible)
  'tcpdump', 'kmod',
];

export interface LabCredentials {
  rootIdentityFile: string;
  passphraseIdentityFile: string;
  identityPassphrase: string;
  sudoUser: string;
  sudoPassword: string;
  noSudoUser: string;
  noSudoPassword: string;
}

const READY_MARKER = '.picket-lab-rootfs';

export async function rootfsReady(): Promise<boolean> {
  try {
    return (await readFile(join(ROOTFS_DIR, READY_MARKER), 'utf8')).trim() === String(ROOTFS_VERSION);
  } catch {
    return false;
  }
}

export async function readCredentials(): Promise<LabCredentials> {
  return JSON.parse(await readFile(CREDENTIALS_FILE, 'utf8')) as LabCredentials;
}

function password(): string {
  return randomBytes(12).toString('base64url');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function makeCredentials(): Promise<LabCredentials> {
  await mkdir(KEYS_DIR, { recursive: true, mode: 0o700 });
  const credentials: LabCredentials = {
    rootIdentityFile: join(KEYS_DIR, 'id_ed25519'),
    passphraseIdentityFile: join(KEYS_DIR, 'id_ed25519_passphrase'),
    identityPassphrase: password(),
    sudoUser: 'fieldops',
    sudoPassword: password(),
    noSudoUser: 'guest',
    noSudoPassword: password(),
  };
  for (const [file, passphrase] of [
    [credentials.rootIdentityFile, ''],
    [credentials.passphraseIdentityFile, credentials.identityPassphrase],
  ] as const) {
    await rm(file, { force: true });
    await rm(`${file}.pub`, { force: true });
    await mustRun('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'picket-lab', '-f', file]);
  }
  await writeFile(CREDENTIALS_FILE, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

async function chroot(root: string, args: string[], input?: string): Promise<void> {
  await mustRun('chroot', [root, ...args], input === undefined ? {} : { input });
}

async function configure(root: string, credentials: LabCredentials, log: (line: string) => void): Promise<void> {
  log('configuring the lab image (sshd, networkd, users)');
  // Each host generates its own host keys at boot, into its own overlay: hosts must not share keys.
  for (const file of await readdir(join(root, 'etc/ssh'))) {
    if (file.startsWith('ssh_host_')) await rm(join(root, 'etc/ssh', file));
  }
  await mkdir(join(root, 'etc/systemd/system/ssh.service.d'), { recursive: true });
  await writeFile(
    join(root, 'etc/systemd/system/ssh.service.d/10-picket-lab-hostkeys.conf'),
    '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n',
  );
  await writeFile(
    join(root, 'etc/ssh/sshd_config.d/10-picket-lab.conf'),
    'PasswordAuthentication yes\nKbdInteractiveAuthentication yes\nPermitRootLogin prohibit-password\nUseDNS no\nMaxStartups 100:30:200\nMaxSessions 64\n',
  );
  const wants = join(root, 'etc/systemd/system/multi-user.target.wants');
  await mkdir(wants, { recursive: true });
  await rm(join(wants, 'systemd-networkd.service'), { force: true });
  await symlink('/lib/systemd/system/systemd-networkd.service', join(wants, 'systemd-networkd.service'));
  // machine-id and hostname come from each host's overlay.
  await writeFile(join(root, 'etc/machine-id'), '');
  await mkdir(join(root, 'root/.ssh'), { recursive: true, mode: 0o700 });
  const keys = await Promise.all(
    [credentials.rootIdentityFile, credentials.passphraseIdentityFile].map((f) => readFile(`${f}.pub`, 'utf8')),
  );
  await writeFile(join(root, 'root/.ssh/authorized_keys'), keys.join(''), { mode: 0o600 });
  await chroot(root, ['useradd', '-m', '-s', '/bin/bash', '-G', 'sudo', credentials.sudoUser]);
  await chroot(root, ['useradd', '-m', '-s', '/bin/bash', credentials.noSudoUser]);
  await chroot(root, ['chpasswd'], `${credentials.sudoUser}:${credentials.sudoPassword}\n${credentials.noSudoUser}:${credentials.noSudoPassword}\n`);
}

/** Builds the root filesystem unless a current one is cached. Safe to interrupt: it builds beside and renames. */
export async function ensureRootfs(log: (line: string) => void): Promise<LabCredentials> {
  if ((await rootfsReady()) && (await exists(CREDENTIALS_FILE))) return readCredentials();
  await mkdir(LAB_DIR, { recursive: true, mode: 0o700 });
  const building = `${ROOTFS_DIR}.building`;
  await rm(building, { recursive: true, force: true });
  const mirror = process.env.PICKET_LAB_MIRROR ?? 'http://deb.debian.org/debian';
  log(`building the lab image with debootstrap from ${mirror} (about a minute, once)`);
  await mustRun('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, 'bookworm', building, mirror]);
  const credentials = await makeCredentials();
  await configure(building, credentials, log);
  await writeFile(join(building, READY_MARKER), `${ROOTFS_VERSION}\n`);
  await rm(ROOTFS_DIR, { recursive: true, force: true });
  await rename(building, ROOTFS_DIR);
  await chmod(LAB_DIR, 0o700);
  return credentials;
}
