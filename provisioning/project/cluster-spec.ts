/**
 * cluster.yaml: the declarative spec of a cluster — its hosts, how Picket logs in to them, what each one does and
 * which NICs capture. Secrets are never in it, only names of secrets stored in the project's secrets.yaml.
 *
 * These schemas check the shape of one part at a time and carry the error messages (what is wrong and how to
 * fix it). Rules across hosts (unique names, jump hosts, modes) are in check-cluster-rules.ts, and
 * validate-cluster-spec.ts runs both: use it (or loadClusterSpec) to validate, not ClusterSpecSchema alone.
 */
import { z } from 'zod';
import {
  CHECK_ID, DNS_LABEL, DNS_LABEL_RULE, either, isHostAddress, MAC_ADDRESS, PCI_ADDRESS, pciAddressHint, show, USER_NAME,
} from './spec-formats.ts';
import { MISSING } from './spec-error.ts';
import { closestName } from './suggest-name.ts';

export const API_VERSION = 'picket/v1';
export const NO_HOSTS_YET = 'no hosts yet: add at least one under hosts: (picket init writes a commented example)';
export const KIND = 'Cluster';
export const MODES = ['standalone', 'cluster', 'external'] as const;
export const ROLES = ['server', 'agent', 'sensor', 'data'] as const;
export const ENGINES = ['zeek', 'suricata'] as const;
export const SINKS = ['kafka', 'elasticsearch', 'syslog'] as const;
export const AUTH_METHODS = ['key', 'agent', 'password'] as const;

export type Mode = (typeof MODES)[number];
export type Role = (typeof ROLES)[number];
export type Engine = (typeof ENGINES)[number];
export type Sink = (typeof SINKS)[number];

type RawIssue = z.core.$ZodRawIssue;

/** An error callback: `missing` when the key is absent, `invalid(input)` when its value is wrong. */
function says(missing: string, invalid: (input: unknown) => string): { error: (issue: RawIssue) => string } {
  return { error: (issue) => (issue.input === undefined ? `${MISSING}${missing}` : invalid(issue.input)) };
}

/** An error callback for an optional value: only a wrong value is an error. */
function invalid(message: (input: unknown) => string): { error: (issue: RawIssue) => string } {
  return { error: (issue) => message(issue.input) };
}

/** The error callback of a map: only a value that is not a map is its own error (unknown keys are reported per key). */
function notAMap(message: (input: unknown) => string): { error: (issue: RawIssue) => string | undefined } {
  return { error: (issue) => (issue.code === 'invalid_type' ? message(issue.input) : undefined) };
}

/** " (did you mean x?)" when the typed word is close to one of the options. */
function didYouMean(input: unknown, options: readonly string[]): string {
  const guess = typeof input === 'string' ? closestName(input, options) : undefined;
  return guess ? `did you mean ${guess}? ` : '';
}

function oneOf<T extends readonly [string, ...string[]]>(options: T, what: string, missing: string) {
  return z.enum(options, says(missing, (v) => `${show(v)} is not ${what} (${didYouMean(v, options)}expected ${either(options)})`));
}

function dnsLabel(what: string, example: string, missing: string) {
  const wrong = (v: unknown) => `${show(v)} is not a DNS label: ${what} uses ${DNS_LABEL_RULE} (e.g. ${example})`;
  return z.string(says(missing, wrong)).regex(DNS_LABEL, { error: (issue) => wrong(issue.input) });
}

/** A name in secrets.yaml. The value is never quoted back: it might be the secret itself, written here by mistake. */
const secretName = (missing: string) =>
  z
    .string(says(missing, () => 'expected the name of a secret (a DNS label such as sensor-1-login)'))
    .regex(DNS_LABEL, {
      error: () =>
        `not a secret name (${DNS_LABEL_RULE}): if this is the secret itself, secrets never go in cluster.yaml: ` +
        'store it with `picket secret set NAME` and reference it as secret: NAME',
    });

const notAPort = (v: unknown) => `${show(v)} is not a TCP port (expected a whole number from 1 to 65535; sshd listens on 22 unless configured otherwise)`;
const port = z
  .number(says('give the SSH port, e.g. port: 22', notAPort))
  .int({ error: (i) => notAPort(i.input) })
  .min(1, { error: (i) => notAPort(i.input) })
  .max(65535, { error: (i) => notAPort(i.input) });

const notAUser = (v: unknown) => `${show(v)} is not a login name (letters, digits, "_", "-" and ".", e.g. user: root)`;
const user = z.string(says('give the login user, e.g. user: root', notAUser)).regex(USER_NAME, { error: (i) => notAUser(i.input) });

const flag = (example: string) => z.boolean(says(`write ${example}`, (v) => `${show(v)} is not true or false (write ${example})`));

const identityFile = z
  .string(says('give the private key file, relative to the project folder or absolute (identityFile: keys/id_ed25519)', (v) => `${show(v)} is not a file path (e.g. identityFile: keys/id_ed25519)`))
  .min(1, { error: 'an empty path: give the private key file, e.g. identityFile: keys/id_ed25519' });

const KeyAuthSchema = z.strictObject({
  method: z.literal('key'),
  identityFile,
  /** Name of the secret holding the key's passphrase (encrypted keys only). */
  passphraseSecret: secretName('name the secret holding the key passphrase').optional(),
});
const AgentAuthSchema = z.strictObject({ method: z.literal('agent') });
const PasswordAuthSchema = z.strictObject({
  method: z.literal('password'),
  secret: secretName('name the secret holding the password: store it with `picket secret set NAME` and write secret: NAME'),
});

export const AuthRefSchema = z.discriminatedUnion('method', [KeyAuthSchema, AgentAuthSchema, PasswordAuthSchema], {
  error: (issue) => {
    const input = issue.input;
    if (input === undefined) return `${MISSING}give auth: { method: key, identityFile: FILE }, { method: agent } or { method: password, secret: NAME }`;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return `${show(input)} is not an auth map: write auth: { method: key, identityFile: FILE }, { method: agent } or { method: password, secret: NAME }`;
    }
    const method = (input as { method?: unknown }).method;
    if (method === undefined) return `${MISSING}add method: ${either(AUTH_METHODS)}`;
    return `${show(method)} is not an auth method (${didYouMean(method, AUTH_METHODS)}expected ${either(AUTH_METHODS)})`;
  },
});

/** How Picket logs in: key file, ssh-agent, or a password stored in secrets.yaml. */
export type AuthRef = z.infer<typeof AuthRefSchema>;

const engines = z
  .array(
    oneOf(ENGINES, 'an engine', 'name an engine'),
    says('list the engines reading this NIC, e.g. engines: [zeek, suricata]', (v) => `${show(v)} is not a list of engines (write engines: [zeek, suricata])`),
  )
  .min(1, { error: `no engine: name at least one of ${either(ENGINES)} (engines: [zeek, suricata])` })
  .superRefine((list, ctx) => {
    list.forEach((engine, i) => {
      if (list.indexOf(engine) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${engine} is listed twice: list each engine once` });
    });
  });

const workerCount = z
  .number(says('give a worker count', (v) => `${show(v)} is not a worker count (a whole number ≥ 1, or leave it out and the tuning planner chooses)`))
  .int({ error: (i) => `${show(i.input)} is not a whole number of workers (give a whole number ≥ 1, or leave it out and the tuning planner chooses)` })
  .min(1, { error: (i) => `${show(i.input)} workers is too few (give a whole number ≥ 1, or leave it out and the tuning planner chooses)` });

const captureRole = z.enum(['passive'], {
  error: (issue) =>
    issue.input === undefined
      ? `${MISSING}add role: passive`
      : issue.input === 'inline'
        ? '"inline" is not supported yet: only passive capture (a NIC fed by a TAP or SPAN port) for now — set role: passive'
        : `${show(issue.input)} is not a capture role (expected passive)`,
});

export const CaptureNicSpecSchema = z
  .strictObject({
    /** A physical NIC, by PCI address. */
    pci: z
      .string(invalid((v) => `${show(v)} is not a PCI address (${pciAddressHint(typeof v === 'string' ? v : '')})`))
      .regex(PCI_ADDRESS, { error: (i) => `${show(i.input)} is not a PCI address (${pciAddressHint(String(i.input))})` })
      .transform((v) => v.toLowerCase())
      .optional(),
    /** A virtual NIC (no PCI address), by name and MAC together. */
    name: z
      .string(invalid((v) => `${show(v)} is not a NIC name (e.g. name: cap0)`))
      .regex(/^[A-Za-z0-9_.:@-]{1,15}$/, { error: (i) => `${show(i.input)} is not a NIC name (at most 15 characters, no spaces or "/"; picket inventory lists them)` })
      .optional(),
    mac: z
      .string(invalid((v) => `${show(v)} is not a MAC address (expected six hex pairs like 02:aa:00:00:01:00 — see ip link or picket inventory)`))
      .regex(MAC_ADDRESS, { error: (i) => `${show(i.input)} is not a MAC address (expected six hex pairs like 02:aa:00:00:01:00 — see ip link or picket inventory)` })
      .transform((v) => v.toLowerCase())
      .optional(),
    role: captureRole,
    engines,
    /** Worker threads per engine; left out, the tuning planner chooses. */
    workers: z
      .strictObject({ zeek: workerCount.optional(), suricata: workerCount.optional() }, notAMap((v) => `${show(v)} is not a map of workers per engine (write workers: { zeek: 4, suricata: 8 })`))
      .optional(),
  }, notAMap((v) => `${show(v)} is not a capture NIC: write a map such as { pci: "0000:3b:00.0", role: passive, engines: [zeek] }`))
  .superRefine((nic, ctx) => {
    if (nic.pci !== undefined && (nic.name !== undefined || nic.mac !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give either pci (a physical NIC) or name + mac (a virtual NIC), not both' });
    } else if (nic.pci === undefined && nic.name === undefined && nic.mac === undefined) {
      ctx.addIssue({ code: 'custom', message: 'no NIC chosen: give pci: (a physical NIC, e.g. pci: "0000:3b:00.0") or name: + mac: (a virtual NIC) — picket inventory lists them' });
    } else if (nic.name !== undefined && nic.mac === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mac'], message: `${MISSING}a NIC chosen by name needs its MAC too (add mac: from picket inventory), so a renamed port is never captured by mistake` });
    } else if (nic.mac !== undefined && nic.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `${MISSING}a NIC chosen by MAC needs its name too (add name: from picket inventory)` });
    }
    for (const engine of ENGINES) {
      if (nic.workers?.[engine] !== undefined && !nic.engines.includes(engine)) {
        ctx.addIssue({ code: 'custom', path: ['workers', engine], message: `${engine} is not in engines: add it to engines, or remove its worker count` });
      }
    }
  });

/** One capture NIC: `pci` for a physical NIC, or `name` + `mac` for a virtual one (exactly one of the two). */
export type CaptureNicSpec = z.infer<typeof CaptureNicSpecSchema>;

const roles = z
  .array(
    oneOf(ROLES, 'a role', 'name a role'),
    says(
      `add roles: a list of ${either(ROLES)}, e.g. roles: [sensor] ([] only for a host used just as a jump host)`,
      (v) => `${show(v)} is not a list of roles (write roles: [sensor], roles: [server, data] …)`,
    ),
  )
  .superRefine((list, ctx) => {
    list.forEach((role, i) => {
      if (list.indexOf(role) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${role} is listed twice: list each role once` });
    });
  });

const addressError = (v: unknown) => `${show(v)} is not an IP address or DNS name (e.g. address: 10.0.0.11)`;

/** What a host may take from `defaults:`. */
const inheritable = {
  user: user.optional(),
  port: port.optional(),
  auth: AuthRefSchema.optional(),
  /** Run privileged steps through sudo (for a non-root login). */
  sudo: flag('sudo: true or sudo: false').optional(),
  /** The secret sudo's password prompt is answered with; by default the login password (password auth). */
  sudoSecret: secretName('name the secret holding the sudo password').optional(),
  /** Reach this host through another host of this file. */
  jump: dnsLabel('a jump host', 'bastion', 'name another host of this file').optional(),
};

export const HostDefaultsSchema = z.strictObject(inheritable, notAMap((v) => `${show(v)} is not a map (defaults: holds user, port, auth, sudo, sudoSecret, jump)`));
export type HostDefaults = z.infer<typeof HostDefaultsSchema>;

export const HostSpecSchema = z
  .strictObject({
    name: dnsLabel('a host name', 'sensor-1', 'give the host a name, e.g. name: sensor-1'),
    address: z.string(says("give the host's IP address or DNS name, e.g. address: 10.0.0.11", addressError)).refine(isHostAddress, { error: (i) => addressError(i.input) }),
    ...inheritable,
    roles,
    capture: z
      .array(CaptureNicSpecSchema, invalid((v) => `${show(v)} is not a list of capture NICs (write capture: with one "- pci: …" entry per NIC)`))
      .optional(),
  }, notAMap((v) => `${show(v)} is not a host: write a map such as { name: sensor-1, address: 10.0.0.11, roles: [sensor], … }`))
  .superRefine((host, ctx) => {
    // A sensor without capture NICs is incomplete, not wrong: check-cluster-rules.ts says so (a draft may lack them).
    const sensor = host.roles.includes('sensor');
    if (!sensor && host.capture !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['capture'], message: 'capture is only for sensor hosts: add sensor to roles, or remove capture' });
    }
    // The same port listed twice would be handed to two sensor pods.
    const seen = new Map<string, number>();
    host.capture?.forEach((nic, i) => {
      for (const key of ['pci', 'name', 'mac'] as const) {
        const value = nic[key];
        if (value === undefined) continue;
        const first = seen.get(`${key}=${value}`);
        if (first === undefined) seen.set(`${key}=${value}`, i);
        else ctx.addIssue({ code: 'custom', path: ['capture', i, key], message: `${value} is already capture[${first}]: list each NIC once (one NIC can feed several engines)` });
      }
    });
  });

export type HostSpec = z.infer<typeof HostSpecSchema>;

const notAUrl = (v: unknown) => `${show(v)} is not a URL (e.g. url: kafka://10.0.0.50:9092, https://logs.example:9200, tcp://10.0.0.60:514)`;
export const ExternalSinkSchema = z.strictObject(
  {
    sink: oneOf(SINKS, 'a log sink', `name the sink: ${either(SINKS)}`),
    url: z.string(says('give the URL of the sink, e.g. url: kafka://10.0.0.50:9092', notAUrl)).refine((v) => URL.canParse(v), { error: (i) => notAUrl(i.input) }),
  },
  notAMap((v) => `${show(v)} is not a map (write external: { sink: kafka, url: kafka://10.0.0.50:9092 })`),
);
export type ExternalSink = z.infer<typeof ExternalSinkSchema>;

export const WaiverSchema = z.strictObject(
  {
    check: z
      .string(says('name the preflight check to waive, e.g. check: clock-skew', (v) => `${show(v)} is not a check id (check ids are kebab-case, e.g. clock-skew)`))
      .regex(CHECK_ID, { error: (i) => `${show(i.input)} is not a check id: check ids are kebab-case (e.g. clock-skew) — copy it from the preflight report` }),
    /** The host the waiver is for; left out, every host. */
    host: dnsLabel('a host name', 'sensor-1', 'name the host').optional(),
    reason: z
      .string(says('a waiver needs a reason (it goes into the journal): add reason: "…"', (v) => `${show(v)} is not a reason: write it as text, e.g. reason: "GPS clock arrives tomorrow"`))
      .refine((v) => v.trim().length > 0, { error: 'an empty reason: say why the check may fail (it goes into the journal), e.g. reason: "GPS clock arrives tomorrow"' }),
  },
  notAMap((v) => `${show(v)} is not a waiver: write { check: clock-skew, host: sensor-1, reason: "…" }`),
);
export type Waiver = z.infer<typeof WaiverSchema>;

export const PreflightSpecSchema = z.strictObject(
  {
    waive: z.array(WaiverSchema, invalid((v) => `${show(v)} is not a list of waivers`)).optional(),
  },
  notAMap((v) => `${show(v)} is not a map (write preflight: { waive: [{ check: clock-skew, reason: "…" }] })`),
);

export const DEFAULT_BUNDLE_DESTINATION = '/var/lib/picket/bundle';

/** Kernel and device trees, and /run (a tmpfs, emptied at every boot): no place to keep a bundle. */
const NOT_FOR_BUNDLES = ['/proc', '/sys', '/dev', '/run'];

/** Why a bundle destination is refused, or undefined. Pure: the path is only ever read as text here. */
export function bundleDestinationProblem(path: string): string | undefined {
  const example = `e.g. destination: ${DEFAULT_BUNDLE_DESTINATION}`;
  if (!path.startsWith('/')) return `${show(path)} is not an absolute path: hosts keep the bundle in a folder given from / (${example})`;
  if (!/^[A-Za-z0-9._+@/-]+$/.test(path)) return `${show(path)} has characters other than letters, digits and . _ + @ - / (${example})`;
  if (path === '/') return `"/" is too close to /: give the bundle a folder of its own, ${example}`;
  const segments = path.split('/').slice(1);
  if (segments.some((s) => s === '' || s === '.' || s === '..')) {
    return `${show(path)} is not a plain path: no empty, "." or ".." parts and no trailing / (${example})`;
  }
  if (segments.length < 2) return `${show(path)} is too close to /: give the bundle a folder of its own, ${example}`;
  const under = NOT_FOR_BUNDLES.find((root) => path === root || path.startsWith(`${root}/`));
  if (under) return `${show(path)} is under ${under}, which does not keep files on disk (${example})`;
  return undefined;
}

const localFile = (what: string, example: string) =>
  z
    .string(says(`give ${what}, relative to the project folder or absolute (${example})`, (v) => `${show(v)} is not a file path (${example})`))
    .min(1, { error: `an empty path: give ${what} (${example})` });

export const BundleSpecSchema = z.strictObject(
  {
    /** The offline bundle on this machine: its folder or its .tar, relative to the project folder or absolute. */
    path: localFile('the bundle folder or .tar', 'path: bundles/field-kit-2026.1'),
    /** Public key files (ssh-ed25519 lines or SPKI PEM) whose signature the project accepts. */
    trustedKeys: z
      .array(localFile('a public key file', 'trustedKeys: [keys/bundle-signing.pub]'), says(
        'list the public key files the bundle must be signed by, e.g. trustedKeys: [keys/bundle-signing.pub] (picket bundle keygen writes one)',
        (v) => `${show(v)} is not a list of key files (write trustedKeys: [keys/bundle-signing.pub])`,
      ))
      .min(1, { error: 'no trusted key: an unsigned or unverifiable bundle is never distributed — list at least one, e.g. trustedKeys: [keys/bundle-signing.pub]' }),
    /** Where every host keeps the bundle. */
    destination: z
      .string(invalid((v) => `${show(v)} is not a path (e.g. destination: ${DEFAULT_BUNDLE_DESTINATION})`))
      .superRefine((path, ctx) => {
        const problem = bundleDestinationProblem(path);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  },
  notAMap((v) => `${show(v)} is not a map (write bundle: { path: bundles/field-kit-2026.1, trustedKeys: [keys/bundle-signing.pub] })`),
);
export type BundleSpec = z.infer<typeof BundleSpecSchema>;

export const ClusterSpecSchema = z.strictObject(
  {
    apiVersion: z.literal(API_VERSION, says(`add apiVersion: ${API_VERSION} at the top`, (v) => `${show(v)} is not supported (expected apiVersion: ${API_VERSION})`)),
    kind: z.literal(KIND, says(`add kind: ${KIND} at the top`, (v) => `${show(v)} is not supported (expected kind: ${KIND})`)),
    name: dnsLabel('the cluster name', 'field-kit-1', 'give the cluster a name, e.g. name: field-kit-1'),
    mode: oneOf(MODES, 'a mode', `add mode: ${either(MODES)}`),
    defaults: HostDefaultsSchema.optional(),
    hosts: z
      // An empty list is incomplete, not wrong: check-cluster-rules.ts says so (a draft may have no hosts yet).
      .array(HostSpecSchema, says('list the hosts under hosts: (picket init writes a commented example)', (v) =>
        v === null ? NO_HOSTS_YET : `${show(v)} is not a list of hosts`)),
    /** Where logs go in external mode. */
    external: ExternalSinkSchema.optional(),
    preflight: PreflightSpecSchema.optional(),
    /** The offline bundle to distribute to every host. */
    bundle: BundleSpecSchema.optional(),
  },
  notAMap((v) => `the file holds ${show(v)}, not a cluster spec: start from the template picket init writes`),
);

export type ClusterSpec = z.infer<typeof ClusterSpecSchema>;

/** A host with its defaults applied: every login setting is known. */
export type EffectiveHost = HostSpec & { user: string; port: number; auth: AuthRef; sudo: boolean };

export const DEFAULT_USER = 'root';
export const DEFAULT_PORT = 22;

export function hostPort(defaults: HostDefaults | undefined, host: Pick<HostSpec, 'port'>): number {
  return host.port ?? defaults?.port ?? DEFAULT_PORT;
}

/** The host's jump host: its own, else the default one — except for the default jump host itself. */
export function hostJump(defaults: HostDefaults | undefined, host: Pick<HostSpec, 'name' | 'jump'>): string | undefined {
  if (host.jump !== undefined) return host.jump;
  return defaults?.jump === host.name ? undefined : defaults?.jump;
}

/** Applies `defaults:` to a host of a validated spec (user root and port 22 when neither gives one). */
export function effectiveHost(spec: Pick<ClusterSpec, 'defaults'>, host: HostSpec): EffectiveHost {
  const { defaults } = spec;
  const auth = host.auth ?? defaults?.auth;
  if (!auth) throw new Error(`host ${host.name} has no auth and defaults give none: validate the spec first`);
  const sudoSecret = host.sudoSecret ?? defaults?.sudoSecret;
  const jump = hostJump(defaults, host);
  return {
    ...host,
    user: host.user ?? defaults?.user ?? DEFAULT_USER,
    port: hostPort(defaults, host),
    auth,
    sudo: host.sudo ?? defaults?.sudo ?? false,
    ...(sudoSecret === undefined ? {} : { sudoSecret }),
    ...(jump === undefined ? {} : { jump }),
  };
}

/** How a capture NIC is named in messages: its PCI address, or its name. */
export function captureNicLabel(nic: CaptureNicSpec): string {
  return nic.pci ?? nic.name ?? nic.mac ?? 'a capture NIC';
}
