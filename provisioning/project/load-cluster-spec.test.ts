import { describe, expect, it } from 'vitest';
import { effectiveHost } from './cluster-spec.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';
import { formatSpecError } from './spec-error.ts';

/** A small valid spec; the bad specs below are edits of it, by line number. */
const BASE = [
  'apiVersion: picket/v1', // 1
  'kind: Cluster', // 2
  'name: field-kit-1', // 3
  'mode: cluster', // 4
  'defaults:', // 5
  '  auth: { method: key, identityFile: keys/id_ed25519 }', // 6
  'hosts:', // 7
  '  - name: server-1', // 8
  '    address: 10.0.0.10', // 9
  '    roles: [server, data]', // 10
  '  - name: sensor-1', // 11
  '    address: 10.0.0.11', // 12
  '    roles: [sensor]', // 13
  '    capture:', // 14
  '      - pci: "0000:3b:00.0"', // 15
  '        role: passive', // 16
  '        engines: [zeek, suricata]', // 17
];

/** BASE with lines replaced (a list replaces one line by several; [] deletes it) and lines appended. */
function variant(changes: Record<number, string | string[]>, ...appended: string[]): string {
  const lines = BASE.flatMap((line, i) => {
    const change = changes[i + 1];
    return change === undefined ? [line] : change;
  });
  return [...lines, ...appended, ''].join('\n');
}

function errors(text: string): string[] {
  const loaded = loadClusterSpec(text, 'cluster.yaml');
  return loaded.ok ? [] : loaded.errors.map(formatSpecError);
}

const FULL = `apiVersion: picket/v1
kind: Cluster
name: field-kit-1
mode: cluster
defaults:
  user: root
  port: 22
  auth: { method: key, identityFile: keys/id_ed25519 }
  sudo: false
hosts:
  - name: bastion
    address: bastion.site.example
    roles: []
  - name: server-1
    address: 10.0.0.10
    roles: [server, data]
  - name: sensor-1
    address: 10.0.0.11
    port: 2222
    user: ops
    auth: { method: password, secret: sensor-1-login }
    sudo: true
    sudoSecret: sensor-1-sudo
    jump: bastion
    roles: [sensor]
    capture:
      - pci: "0000:3B:00.0"
        role: passive
        engines: [zeek, suricata]
        workers: { zeek: 4, suricata: 8 }
      - name: cap0
        mac: "02:AA:00:00:01:00"
        role: passive
        engines: [suricata]
preflight:
  waive:
    - { check: clock-skew, host: sensor-1, reason: "GPS clock arrives tomorrow" }
`;

describe('a valid spec', () => {
  it('loads with every field, PCI and MAC addresses lowercased', () => {
    const loaded = loadClusterSpec(FULL, 'cluster.yaml');
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const { spec } = loaded;
    expect(spec.hosts.map((h) => [h.name, h.roles])).toEqual([['bastion', []], ['server-1', ['server', 'data']], ['sensor-1', ['sensor']]]);
    expect(spec.hosts[2]!.capture).toEqual([
      { pci: '0000:3b:00.0', role: 'passive', engines: ['zeek', 'suricata'], workers: { zeek: 4, suricata: 8 } },
      { name: 'cap0', mac: '02:aa:00:00:01:00', role: 'passive', engines: ['suricata'] },
    ]);
    expect(spec.preflight?.waive).toEqual([{ check: 'clock-skew', host: 'sensor-1', reason: 'GPS clock arrives tomorrow' }]);
  });

  it('the base of the bad specs below is valid', () => {
    expect(errors(variant({}))).toEqual([]);
  });

  it('effectiveHost applies defaults, and the host’s own settings win', () => {
    const loaded = loadClusterSpec(FULL, 'cluster.yaml');
    if (!loaded.ok) throw new Error('FULL should be valid');
    const [bastion, server, sensor] = loaded.spec.hosts;
    expect(effectiveHost(loaded.spec, server!)).toMatchObject({ user: 'root', port: 22, sudo: false, auth: { method: 'key', identityFile: 'keys/id_ed25519' } });
    expect(effectiveHost(loaded.spec, sensor!)).toMatchObject({ user: 'ops', port: 2222, sudo: true, sudoSecret: 'sensor-1-sudo', jump: 'bastion', auth: { method: 'password', secret: 'sensor-1-login' } });
    expect(effectiveHost(loaded.spec, bastion!).jump).toBeUndefined();
  });

  it('defaults.jump applies to every host but the jump host itself', () => {
    const loaded = loadClusterSpec(variant({ 6: ['  auth: { method: agent }', '  jump: server-1'] }), 'cluster.yaml');
    if (!loaded.ok) throw new Error(loaded.errors.map(formatSpecError).join('\n'));
    const [server, sensor] = loaded.spec.hosts;
    expect(effectiveHost(loaded.spec, server!).jump).toBeUndefined();
    expect(effectiveHost(loaded.spec, sensor!).jump).toBe('server-1');
  });

  it('user defaults to root and port to 22 when neither the host nor defaults give one', () => {
    const loaded = loadClusterSpec(variant({}), 'cluster.yaml');
    if (!loaded.ok) throw new Error('base should be valid');
    expect(effectiveHost(loaded.spec, loaded.spec.hosts[0]!)).toMatchObject({ user: 'root', port: 22, sudo: false });
  });

  it('a standalone host with every role, and an external sensor-only spec', () => {
    expect(errors(variant({ 4: 'mode: standalone', 8: [], 9: [], 10: [], 13: '    roles: [server, sensor, data]' }))).toEqual([]);
    expect(errors(variant({ 4: 'mode: external', 8: [], 9: [], 10: [] }, 'external: { sink: kafka, url: "kafka://10.0.0.50:9092" }'))).toEqual([]);
  });
});

const CASES: [string, string, string[]][] = [
  ['YAML syntax error', variant({ 9: '   address: 10.0.0.10' }), [
    'cluster.yaml:9:1: YAML syntax: Sequence item without - indicator — check the indentation (spaces; keys of one map at the same depth) and quote values that contain ": " or " #" or start with one of [ ] { } * & ! | > % @',
  ]],
  ['duplicate YAML key', variant({ 12: ['    address: 10.0.0.11', '    address: 10.0.0.12'] }), [
    'cluster.yaml:13:5: YAML syntax: Map keys must be unique — each key may appear once in a map: remove or merge the repeated one',
  ]],
  ['an empty file', '', [
    'cluster.yaml:1:1: the file holds an empty value, not a cluster spec: start from the template picket init writes',
  ]],
  ['bad apiVersion and kind', variant({ 1: 'apiVersion: picket/v2', 2: 'kind: Clutser' }), [
    'cluster.yaml:1:13: apiVersion: "picket/v2" is not supported (expected apiVersion: picket/v1)',
    'cluster.yaml:2:7: kind: "Clutser" is not supported (expected kind: Cluster)',
  ]],
  ['cluster name not a DNS label', variant({ 3: 'name: Field_Kit' }), [
    'cluster.yaml:3:7: name: "Field_Kit" is not a DNS label: the cluster name uses lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit (e.g. field-kit-1)',
  ]],
  ['host name not a DNS label', variant({ 11: '  - name: Sensor 1' }), [
    'cluster.yaml:11:11: hosts[1].name: "Sensor 1" is not a DNS label: a host name uses lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit (e.g. sensor-1)',
  ]],
  ['unknown mode', variant({ 4: 'mode: clustered' }), [
    'cluster.yaml:4:7: mode: "clustered" is not a mode (did you mean cluster? expected standalone, cluster or external)',
  ]],
  ['unknown role', variant({ 13: '    roles: [sensor, collector]' }), [
    'cluster.yaml:13:21: hosts[1].roles[1]: "collector" is not a role (expected server, agent, sensor or data)',
  ]],
  ['unknown engine', variant({ 17: '        engines: [zeek, snort]' }), [
    'cluster.yaml:17:25: hosts[1].capture[0].engines[1]: "snort" is not an engine (expected zeek or suricata)',
  ]],
  ['engines empty', variant({ 17: '        engines: []' }), [
    'cluster.yaml:17:18: hosts[1].capture[0].engines: no engine: name at least one of zeek or suricata (engines: [zeek, suricata])',
  ]],
  ['engine listed twice', variant({ 17: '        engines: [zeek, suricata, zeek]' }), [
    'cluster.yaml:17:35: hosts[1].capture[0].engines[2]: zeek is listed twice: list each engine once',
  ]],
  ['unknown key typo with a suggestion', variant({ 12: '    adress: 10.0.0.11' }), [
    'cluster.yaml:12:5: hosts[1].adress: unknown key adress (did you mean address?)',
  ]],
  ['unknown key without a suggestion', variant({}, 'colour: blue'), [
    'cluster.yaml:18:1: colour: unknown key colour: remove it (keys here: apiVersion, kind, name, mode, defaults, hosts, external, preflight, bundle)',
  ]],
  ['missing auth: no host auth and no defaults.auth', variant({ 5: [], 6: [] }), [
    'cluster.yaml:6:5: hosts[0].auth: missing: no way to log in — give auth: here or under defaults: ({ method: key, identityFile: FILE }, { method: agent } or { method: password, secret: NAME })',
    'cluster.yaml:9:5: hosts[1].auth: missing: no way to log in — give auth: here or under defaults: ({ method: key, identityFile: FILE }, { method: agent } or { method: password, secret: NAME })',
  ]],
  ['unknown auth method', variant({ 6: '  auth: { method: kerberos }' }), [
    'cluster.yaml:6:19: defaults.auth.method: "kerberos" is not an auth method (expected key, agent or password)',
  ]],
  ['auth key without identityFile', variant({ 6: '  auth: { method: key }' }), [
    'cluster.yaml:6:9: defaults.auth.identityFile: missing: give the private key file, relative to the project folder or absolute (identityFile: keys/id_ed25519)',
  ]],
  ['inline password', variant({ 12: ['    address: 10.0.0.11', '    password: hunter2-canary'] }), [
    'cluster.yaml:13:5: hosts[1].password: secrets never go in cluster.yaml: store it with `picket secret set NAME` and reference it as secret: NAME',
  ]],
  ['inline PEM private key', variant({ 6: ['  auth:', '    method: key', '    identityFile: |', '      -----BEGIN OPENSSH PRIVATE KEY-----', '      b3BlbnNzaC1rZXktdjEAAAAA-canary', '      -----END OPENSSH PRIVATE KEY-----'] }), [
    'cluster.yaml:8:19: defaults.auth.identityFile: secrets never go in cluster.yaml: store it with `picket secret set NAME` and reference it as secret: NAME',
  ]],
  ['a secret value where a secret name goes', variant({ 6: '  auth: { method: password, secret: "P@ss w0rd-canary" }' }), [
    'cluster.yaml:6:37: defaults.auth.secret: not a secret name (lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit): if this is the secret itself, secrets never go in cluster.yaml: store it with `picket secret set NAME` and reference it as secret: NAME',
  ]],
  ['duplicate host name', variant({ 11: '  - name: server-1' }), [
    'cluster.yaml:11:11: hosts[1].name: "server-1" is already the name of hosts[0]: host names must be unique — rename one',
  ]],
  ['duplicate address:port', variant({ 12: '    address: 10.0.0.10' }), [
    'cluster.yaml:12:14: hosts[1].address: 10.0.0.10:22 is already hosts[0] (server-1): each host needs its own address or SSH port',
  ]],
  ['same address, other port: fine', variant({ 12: ['    address: 10.0.0.10', '    port: 2222'] }), []],
  ['address not an IP or DNS name', variant({ 12: '    address: 10.0.0.300' }), [
    'cluster.yaml:12:14: hosts[1].address: "10.0.0.300" is not an IP address or DNS name (e.g. address: 10.0.0.11)',
  ]],
  ['bad PCI address', variant({ 15: '      - pci: "3b:00.0"' }), [
    'cluster.yaml:15:14: hosts[1].capture[0].pci: "3b:00.0" is not a PCI address (expected 0000:3b:00.0 — see lspci -D or picket inventory)',
  ]],
  ['bad MAC address', variant({ 15: ['      - name: cap0', '        mac: "02:aa:00:00:01"'] }), [
    'cluster.yaml:16:14: hosts[1].capture[0].mac: "02:aa:00:00:01" is not a MAC address (expected six hex pairs like 02:aa:00:00:01:00 — see ip link or picket inventory)',
  ]],
  ['name without mac for a capture NIC', variant({ 15: '      - name: cap0' }), [
    'cluster.yaml:15:9: hosts[1].capture[0].mac: missing: a NIC chosen by name needs its MAC too (add mac: from picket inventory), so a renamed port is never captured by mistake',
  ]],
  ['pci and name both given', variant({ 15: ['      - pci: "0000:3b:00.0"', '        name: cap0', '        mac: "02:aa:00:00:01:00"'] }), [
    'cluster.yaml:15:9: hosts[1].capture[0]: give either pci (a physical NIC) or name + mac (a virtual NIC), not both',
  ]],
  ['no NIC chosen', variant({ 15: '      - role: passive', 16: [] }), [
    'cluster.yaml:15:9: hosts[1].capture[0]: no NIC chosen: give pci: (a physical NIC, e.g. pci: "0000:3b:00.0") or name: + mac: (a virtual NIC) — picket inventory lists them',
  ]],
  ['the same capture NIC twice', variant({}, '      - pci: "0000:3b:00.0"', '        role: passive', '        engines: [suricata]'), [
    'cluster.yaml:18:14: hosts[1].capture[1].pci: 0000:3b:00.0 is already capture[0]: list each NIC once (one NIC can feed several engines)',
  ]],
  ['capture on a non-sensor', variant({ 10: ['    roles: [server, data]', '    capture:', '      - pci: "0000:5e:00.0"', '        role: passive', '        engines: [zeek]'] }), [
    'cluster.yaml:12:7: hosts[0].capture: capture is only for sensor hosts: add sensor to roles, or remove capture',
  ]],
  ['sensor without capture', variant({ 14: [], 15: [], 16: [], 17: [] }), [
    'cluster.yaml:11:5: hosts[1].capture: missing: a sensor needs at least one capture NIC — add capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek, suricata] }] (picket inventory lists the host\'s NICs)',
  ]],
  ['inline capture role', variant({ 16: '        role: inline' }), [
    'cluster.yaml:16:15: hosts[1].capture[0].role: "inline" is not supported yet: only passive capture (a NIC fed by a TAP or SPAN port) for now — set role: passive',
  ]],
  ['workers 0', variant({}, '        workers: { zeek: 0 }'), [
    'cluster.yaml:18:26: hosts[1].capture[0].workers.zeek: 0 workers is too few (give a whole number ≥ 1, or leave it out and the tuning planner chooses)',
  ]],
  ['workers for an engine not in engines', variant({ 17: '        engines: [suricata]' }, '        workers: { zeek: 2 }'), [
    'cluster.yaml:18:26: hosts[1].capture[0].workers.zeek: zeek is not in engines: add it to engines, or remove its worker count',
  ]],
  ['port 70000', variant({ 12: ['    address: 10.0.0.11', '    port: 70000'] }), [
    'cluster.yaml:13:11: hosts[1].port: 70000 is not a TCP port (expected a whole number from 1 to 65535; sshd listens on 22 unless configured otherwise)',
  ]],
  ['standalone with two hosts', variant({ 4: 'mode: standalone' }), [
    'cluster.yaml:8:3: hosts: standalone mode runs everything on one host, but 2 hosts have roles (server-1, sensor-1): keep one, or set mode: cluster',
  ]],
  ['standalone host without server', variant({ 4: 'mode: standalone', 8: [], 9: [], 10: [] }), [
    'cluster.yaml:10:12: hosts[0].roles: standalone mode runs everything on this one host: its roles need server and sensor (e.g. roles: [server, sensor, data])',
  ]],
  ['cluster without server', variant({ 10: '    roles: [data]' }), [
    'cluster.yaml:8:3: hosts: cluster mode needs a server (the Kubernetes control plane): add server to one host\'s roles, e.g. roles: [server, data]',
  ]],
  ['cluster without sensor', variant({ 13: '    roles: [agent]', 14: [], 15: [], 16: [], 17: [] }), [
    'cluster.yaml:8:3: hosts: cluster mode needs a sensor: add sensor (and its capture NICs) to at least one host\'s roles',
  ]],
  ['external mode without external:', variant({ 4: 'mode: external', 8: [], 9: [], 10: [] }), [
    'cluster.yaml:1:1: external: missing: external mode sends logs to an outside sink — add external: { sink: kafka, url: kafka://10.0.0.50:9092 } (sink: kafka, elasticsearch or syslog)',
  ]],
  ['external mode with a server', variant({ 4: 'mode: external' }, 'external: { sink: syslog, url: "tcp://10.0.0.60:514" }'), [
    'cluster.yaml:10:12: hosts[0].roles: external mode runs sensors only (logs go to the external sink): remove server, data from roles, or set mode: cluster',
  ]],
  ['external: in cluster mode', variant({}, 'external: { sink: syslog, url: "tcp://10.0.0.60:514" }'), [
    'cluster.yaml:18:1: external: used only in mode: external — remove it, or set mode: external',
  ]],
  ['a password inside the sink URL', variant({ 4: 'mode: external', 8: [], 9: [], 10: [] }, 'external: { sink: elasticsearch, url: "https://elastic:pw-canary@10.0.0.70:9200" }'), [
    'cluster.yaml:15:39: external.url: secrets never go in cluster.yaml: store it with `picket secret set NAME` and reference it as secret: NAME',
  ]],
  ['unknown jump host', variant({ 12: ['    address: 10.0.0.11', '    jump: bastoin'] }), [
    'cluster.yaml:13:11: hosts[1].jump: jump host "bastoin" is not a host of this file (hosts: server-1, sensor-1)',
  ]],
  ['a host as its own jump host', variant({ 12: ['    address: 10.0.0.11', '    jump: sensor-1'] }), [
    'cluster.yaml:13:11: hosts[1].jump: a host cannot be its own jump host: remove jump, or name another host',
  ]],
  ['jump cycle', variant({ 9: ['    address: 10.0.0.10', '    jump: sensor-1'], 12: ['    address: 10.0.0.11', '    jump: server-1'] }), [
    'cluster.yaml:10:11: hosts[0].jump: jump cycle server-1 → sensor-1 → server-1: one host of the chain must be reachable directly (remove its jump)',
  ]],
  ['roles [] on a host no one jumps through', variant({ 10: '    roles: []' }), [
    'cluster.yaml:8:3: hosts: cluster mode needs a server (the Kubernetes control plane): add server to one host\'s roles, e.g. roles: [server, data]',
    'cluster.yaml:10:12: hosts[0].roles: no roles: give at least one of server, agent, sensor or data (roles: [] is only for a jump host, and no host jumps through server-1)',
  ]],
  ['roles [] on a jump host: fine', variant({ 12: ['    address: 10.0.0.11', '    jump: bastion'] }, '  - name: bastion', '    address: 10.0.0.2', '    roles: []'), []],
  ['a non-root user without sudo', variant({ 12: ['    address: 10.0.0.11', '    user: ops'] }), [
    'cluster.yaml:11:5: hosts[1].sudo: ops is not root, and installing needs root: set sudo: true (with sudoSecret: if sudo asks for a password other than the login one), or log in as root',
  ]],
  ['waiver without reason', variant({}, 'preflight:', '  waive:', '    - { check: clock-skew, host: sensor-1 }'), [
    'cluster.yaml:20:7: preflight.waive[0].reason: missing: a waiver needs a reason (it goes into the journal): add reason: "…"',
  ]],
  ['waiver with a check id that is not kebab-case and an empty reason', variant({}, 'preflight:', '  waive:', '    - { check: ClockSkew, host: sensor-1, reason: "  " }'), [
    'cluster.yaml:20:16: preflight.waive[0].check: "ClockSkew" is not a check id: check ids are kebab-case (e.g. clock-skew) — copy it from the preflight report',
    'cluster.yaml:20:51: preflight.waive[0].reason: an empty reason: say why the check may fail (it goes into the journal), e.g. reason: "GPS clock arrives tomorrow"',
  ]],
  ['waiver for an unknown host', variant({}, 'preflight:', '  waive:', '    - { check: clock-skew, host: sensor-9, reason: "GPS clock arrives tomorrow" }'), [
    'cluster.yaml:20:34: preflight.waive[0].host: "sensor-9" is not a host of this file (did you mean sensor-1? hosts: server-1, sensor-1)',
  ]],
  ['a YAML tag', variant({ 6: '  auth: !vault { method: agent }' }), [
    'cluster.yaml:6:9: YAML syntax: Unresolved tag: !vault — cluster.yaml uses no tags: remove the "!…" tag',
  ]],
  [
    'several mistakes: all reported, in file order',
    variant({ 3: 'name: Kit', 9: '    adress: 10.0.0.10', 15: '      - pci: "3b:00.0"', 16: '        role: inline' }, '  - name: sensor-1', '    address: 10.0.0.12', '    roles: [sensor]'),
    [
      'cluster.yaml:3:7: name: "Kit" is not a DNS label: the cluster name uses lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit (e.g. field-kit-1)',
      'cluster.yaml:9:5: hosts[0].adress: unknown key adress (did you mean address?)',
      'cluster.yaml:15:14: hosts[1].capture[0].pci: "3b:00.0" is not a PCI address (expected 0000:3b:00.0 — see lspci -D or picket inventory)',
      'cluster.yaml:16:15: hosts[1].capture[0].role: "inline" is not supported yet: only passive capture (a NIC fed by a TAP or SPAN port) for now — set role: passive',
      'cluster.yaml:18:5: hosts[2].capture: missing: a sensor needs at least one capture NIC — add capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek, suricata] }] (picket inventory lists the host\'s NICs)',
      'cluster.yaml:18:11: hosts[2].name: "sensor-1" is already the name of hosts[1]: host names must be unique — rename one',
    ],
  ],
];

describe('bad specs: each error located, with what is wrong and how to fix it', () => {
  it.each(CASES)('%s', (_title, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });

  it('never quotes a secret back', () => {
    for (const [, text] of CASES) {
      const output = errors(text).join('\n');
      expect(output).not.toMatch(/canary/);
    }
  });
});

describe('a draft: incomplete, not wrong', () => {
  const sensorWithoutCapture = variant({ 14: [], 15: [], 16: [], 17: [] });

  it('loads as a draft, with what it lacks located as picket spec check would say it', () => {
    const loaded = loadClusterSpec(sensorWithoutCapture, 'cluster.yaml', { draft: true });
    expect(loaded.ok).toBe(true);
    expect(loaded.ok && loaded.incomplete.map(formatSpecError)).toEqual(errors(sensorWithoutCapture));
    expect(loaded.ok && loaded.incomplete.every((e) => e.incomplete)).toBe(true);
  });

  it('a finished spec lacks nothing; a wrong one is refused as a draft too', () => {
    expect(loadClusterSpec(variant({}), 'cluster.yaml', { draft: true })).toMatchObject({ ok: true, incomplete: [] });
    expect(loadClusterSpec(variant({ 14: [], 15: [], 16: [], 17: [], 9: '    address: 10.0.0.300' }), 'cluster.yaml', { draft: true })).toMatchObject({
      ok: false,
      errors: [{ path: 'hosts[0].address' }, { path: 'hosts[1].capture', incomplete: true }],
    });
  });
});
