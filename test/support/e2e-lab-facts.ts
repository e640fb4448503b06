/**
 * What the end-to-end suites compare the wizard with, read from the lab hosts themselves over OpenSSH (not
 * through Picket): each host's own SHA-256 host-key fingerprints, as `ssh-keygen -lf` prints them on its console.
 */
import type { LabHost } from '../lab/lab.ts';
import { onLabHost } from './host-snapshot.ts';

/** The OpenSSH key type a host-key algorithm name belongs to (ssh-ed25519 → ED25519, rsa-sha2-512 → RSA …). */
export function keyTypeOfAlgorithm(algorithm: string): string {
  if (algorithm.includes('ed25519')) return 'ED25519';
  if (algorithm.startsWith('ecdsa')) return 'ECDSA';
  if (algorithm.includes('rsa')) return 'RSA';
  return algorithm.toUpperCase();
}

/** Key type (ED25519, ECDSA, RSA) → SHA256:… of every host key the host has. */
export function hostKeyFingerprints(host: LabHost): Map<string, string> {
  const out = onLabHost(host, 'for f in /etc/ssh/ssh_host_*_key.pub; do ssh-keygen -lf "$f"; done');
  const prints = new Map<string, string>();
  for (const line of out.trim().split('\n')) {
    // 256 SHA256:abc… root@lab-1 (ED25519)
    const match = /^\d+ (SHA256:[A-Za-z0-9+/]{43}) .*\((\w+)\)$/.exec(line.trim());
    if (match) prints.set(match[2]!, match[1]!);
  }
  if (prints.size === 0) throw new Error(`${host.name}: ssh-keygen printed no fingerprint:\n${out}`);
  return prints;
}

/** The host's name as its own kernel says it. */
export function hostnameOf(host: LabHost): string {
  return onLabHost(host, 'hostname').trim();
}
