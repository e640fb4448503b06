/**
 * Brings the lab up for the lab suites, so the README's test command needs nothing else, and takes down
 * afterwards only what it brought up (a lab a developer started by hand is left running).
 */
import { spawnSync } from 'node:child_process';
import { down, leftovers, status, up } from './lab.ts';

export const LAB_SUITE_HOSTS = 4;

export default async function setup(): Promise<() => Promise<void>> {
  if (process.getuid?.() !== 0) {
    throw new Error('the lab suites boot systemd-nspawn hosts and need root: run the tests as root (CI does)');
  }
  const missing = ['systemd-nspawn', 'debootstrap', 'ssh', 'ssh-keygen', 'ip'].filter(
    (tool) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status !== 0,
  );
  if (missing.length) {
    throw new Error(
      `the lab needs ${missing.join(', ')}: apt-get install systemd-container debootstrap openssh-client iproute2 (or run .ci/run, which installs them)`,
    );
  }
  // Only the hosts the suites use are asked: a bigger lab (a benchmark's) may be busy, and is left as it is.
  const before = await status();
  const ours = before.slice(0, LAB_SUITE_HOSTS);
  const alreadyUp = ours.length === LAB_SUITE_HOSTS && ours.every((h) => h.running && h.sshAnswers);
  const log = (line: string) => console.log(`[lab] ${line}`);
  if (!alreadyUp) await up(Math.max(LAB_SUITE_HOSTS, before.length), log);
  return async () => {
    if (alreadyUp) return;
    // Hosts that were there before the suites (a lab being repaired) go back to their number; a lab the suites
    // started from nothing is removed entirely.
    if (before.length > 0) {
      await up(before.length, log);
      return;
    }
    await down(log);
    // `down` must leave nothing behind: no container, link, mount or route.
    const left = await leftovers();
    const any = left.processes.length + left.links.length + left.mounts.length + (left.route ? 1 : 0);
    if (any > 0) throw new Error(`lab down left things behind: ${JSON.stringify(left)}`);
  };
}
