/**
 * The cluster.yaml `picket init` writes: valid YAML with every setting explained, whose hosts are a commented
 * example. `picket spec check` reports "no hosts yet" until hosts are added — on purpose: Picket cannot guess them.
 */
import type { Mode } from './cluster-spec.ts';

/** Lines of the commented example, between these markers, become a valid hosts: block once uncommented. */
export const EXAMPLE_BEGIN = '# --- example: remove "hosts: []" above, then the leading "# " of each line below ---';
export const EXAMPLE_END = '# --- end of example ---';

const MODE_NOTES: Record<Mode, string> = {
  standalone: 'standalone: one host does everything (server, sensor, data)',
  cluster: 'cluster: server, data and sensor hosts',
  external: 'external: sensors only, sending their logs to an outside sink (external: below)',
};

const SENSOR = [
  '  - name: sensor-1',
  '    address: 10.0.0.11',
  '    # user: ops                    # a non-root login then needs sudo: true',
  '    # sudo: true',
  '    # auth: { method: password, secret: sensor-1-login }   # picket secret set sensor-1-login',
  '    roles: [sensor]',
  '    capture:                       # the ports fed by a TAP or SPAN; never the management NIC',
  '      - pci: "0000:3b:00.0"        # a physical NIC by PCI address (lspci -D, picket inventory)',
  '        role: passive',
  '        engines: [zeek, suricata]',
  '        # workers: { zeek: 4, suricata: 8 }   # left out, the tuning planner sizes them',
  '      # - name: cap0               # a virtual NIC (no PCI address): by name and MAC together',
  '      #   mac: "02:aa:00:00:01:00"',
  '      #   role: passive',
  '      #   engines: [suricata]',
];

const EXAMPLES: Record<Mode, string[]> = {
  standalone: [
    'hosts:',
    '  - name: sensor-1',
    '    address: 10.0.0.11',
    '    roles: [server, sensor, data]',
    '    capture:',
    '      - pci: "0000:3b:00.0"        # a physical NIC by PCI address (lspci -D, picket inventory)',
    '        role: passive',
    '        engines: [zeek, suricata]',
  ],
  cluster: [
    'hosts:',
    '  - name: server-1',
    '    address: 10.0.0.10',
    '    roles: [server, data]          # roles: server, agent, sensor, data',
    ...SENSOR,
  ],
  external: [
    'hosts:',
    ...SENSOR,
    'external:',
    '  sink: kafka                     # kafka, elasticsearch or syslog',
    '  url: kafka://10.0.0.50:9092',
  ],
};

export function clusterTemplate(options: { name: string; mode: Mode }): string {
  const example = EXAMPLES[options.mode].map((line) => `# ${line}`);
  return [
    '# Picket cluster spec: the hosts to install and what each one does.',
    '# Check it with: picket spec check -f cluster.yaml',
    '# Secrets (passwords, passphrases) never go in this file: store each with `picket secret set NAME`',
    '# (kept in secrets.yaml beside it, mode 0600, git-ignored) and reference it by name: secret: NAME.',
    'apiVersion: picket/v1',
    'kind: Cluster',
    `name: ${options.name}`,
    '# standalone, cluster or external:',
    `# ${MODE_NOTES.standalone}; ${MODE_NOTES.cluster};`,
    `# ${MODE_NOTES.external}.`,
    `mode: ${options.mode}`,
    '',
    '# What every host uses unless it says otherwise.',
    'defaults:',
    '  user: root',
    '  port: 22',
    '  # A key file relative to this folder (or absolute): ssh-keygen -t ed25519 -f keys/id_ed25519.',
    '  # Or { method: agent }, or { method: password, secret: NAME }.',
    '  auth: { method: key, identityFile: keys/id_ed25519 }',
    '  sudo: false                     # true: privileged steps run through sudo (for a non-root user)',
    '  # jump: bastion                 # reach the hosts through this host (one of hosts: below)',
    '',
    '# No hosts yet: `picket spec check` says so until at least one is listed. `picket inventory HOST`',
    '# shows a host\'s NICs (PCI address, name, MAC) and which one is the management NIC.',
    'hosts: []',
    EXAMPLE_BEGIN,
    ...example,
    EXAMPLE_END,
    '',
    '# A failing preflight check may be waived by its id, with a reason (it goes into the journal):',
    '# preflight:',
    '#   waive:',
    '#     - { check: clock-skew, host: sensor-1, reason: "GPS clock arrives tomorrow" }',
    '',
  ].join('\n');
}
