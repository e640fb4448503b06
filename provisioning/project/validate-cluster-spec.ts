/**
 * Validates a cluster spec given as plain data (what YAML parsing yields, or what the wizard builds): inline
 * secrets, the shape of every part, and the rules across hosts — all errors at once, each with its path.
 */
import { z } from 'zod';
import { checkClusterRules, type ClusterRulesInput, type WrittenHost } from './check-cluster-rules.ts';
import { ClusterSpecSchema, HostDefaultsSchema, HostSpecSchema, WaiverSchema, type ClusterSpec } from './cluster-spec.ts';
import { findInlineSecrets } from './find-inline-secrets.ts';
import { MISSING, type SpecIssue, type SpecPath } from './spec-error.ts';
import { closestName } from './suggest-name.ts';

/** `incomplete`: what a draft still lacks (always empty unless validated as a draft). */
export type SpecValidation = { ok: true; spec: ClusterSpec; incomplete: SpecIssue[] } | { ok: false; issues: SpecIssue[] };

export interface ValidationOptions {
  /**
   * Accept a spec that is only incomplete (no hosts yet, a sensor without capture NICs, the roles its mode needs):
   * the wizard opens and discovers such a draft; planning still refuses it. Anything wrong is an error as ever.
   */
  draft?: boolean;
}

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childOf(value: unknown, segment: string | number): unknown {
  if (Array.isArray(value) && typeof segment === 'number') return value[segment];
  return isRecord(value) ? value[String(segment)] : undefined;
}

/** Looks through optional wrappers and picks the option of a discriminated union that `data` selects. */
function unwrap(schema: z.core.$ZodType, data: unknown): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap();
    else if (current instanceof z.ZodDiscriminatedUnion) {
      const discriminator = current.def.discriminator;
      const chosen = isRecord(data) ? data[discriminator] : undefined;
      const option = current.options.find(
        (o) => o instanceof z.ZodObject && o.shape[discriminator] instanceof z.ZodLiteral && o.shape[discriminator].values.has(chosen as never),
      );
      if (!option) return current;
      current = option;
    } else return current;
  }
}

/** The keys the schema allows in the map at `path` (for "did you mean …?"). */
function keysAt(path: SpecPath, root: unknown): string[] {
  let schema: z.core.$ZodType = ClusterSpecSchema;
  let data = root;
  for (const segment of path) {
    schema = unwrap(schema, data);
    const next: z.core.$ZodType | undefined =
      schema instanceof z.ZodObject ? schema.shape[String(segment)] : schema instanceof z.ZodArray ? schema.element : undefined;
    if (!next) return [];
    schema = next;
    data = childOf(data, segment);
  }
  schema = unwrap(schema, data);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unknownKey(key: string, guess: string | undefined, known: string[]): string {
  if (guess) return `unknown key ${key} (did you mean ${guess}?)`;
  return `unknown key ${key}: remove it${known.length ? ` (keys here: ${known.join(', ')})` : ''}`;
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Zod's issue as ours; an unknown key's "did you mean" is added to `suggested` (its path). */
function shapeIssues(issue: z.core.$ZodIssue, root: unknown, suggested: SpecPath[]): SpecIssue[] {
  const path = toPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(path, root);
    return issue.keys.map((key) => {
      const guess = closestName(key, known);
      if (guess) suggested.push([...path, guess]);
      return { path: [...path, key], message: unknownKey(key, guess, known), at: 'key' as const };
    });
  }
  return [{ path, message: issue.message }];
}

function startsWith(path: SpecPath, prefix: SpecPath): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

function writtenHost(host: unknown): WrittenHost {
  if (!isRecord(host)) return {};
  const text = (key: string) => (typeof host[key] === 'string' ? { [key]: host[key] } : {});
  return { ...text('name'), ...text('address'), ...text('jump'), ...(Number.isInteger(host.port) ? { port: host.port as number } : {}) };
}

/** Each host, waiver and the defaults checked on their own, for the rules across hosts. */
function rulesInput(root: unknown): ClusterRulesInput {
  const spec = isRecord(root) ? root : {};
  const hosts = Array.isArray(spec.hosts) ? spec.hosts : [];
  const defaults = spec.defaults === undefined ? undefined : HostDefaultsSchema.safeParse(spec.defaults);
  const preflight = isRecord(spec.preflight) ? spec.preflight : {};
  const waive = Array.isArray(preflight.waive) ? preflight.waive : [];
  return {
    mode: ClusterSpecSchema.shape.mode.safeParse(spec.mode).data,
    defaults: defaults?.data,
    defaultsValid: defaults === undefined || defaults.success,
    hosts: hosts.map((host) => HostSpecSchema.safeParse(host).data),
    hostsListed: Array.isArray(spec.hosts),
    written: hosts.map(writtenHost),
    hasExternal: spec.external !== undefined,
    waivers: waive.map((waiver) => WaiverSchema.safeParse(waiver).data),
  };
}

/** "unknown key adress (did you mean address?)" already says address is missing: drop the second report of it. */
function withoutMissingSuggested(issues: SpecIssue[], suggested: SpecPath[]): SpecIssue[] {
  return issues.filter((issue) => !(issue.message.startsWith(MISSING) && suggested.some((path) => samePath(path, issue.path))));
}

function samePath(a: SpecPath, b: SpecPath): boolean {
  return a.length === b.length && startsWith(a, b);
}

export function validateClusterSpec(value: unknown, options: ValidationOptions = {}): SpecValidation {
  const secrets = findInlineSecrets(value);
  // Whatever else is wrong where a secret was written is not worth saying (and might quote it).
  const notAtSecret = (issue: SpecIssue) => !secrets.some((secret) => startsWith(issue.path, secret.path));
  const parsed = ClusterSpecSchema.safeParse(value);
  const suggested: SpecPath[] = [];
  const shape = (parsed.success ? [] : parsed.error.issues.flatMap((issue) => shapeIssues(issue, value, suggested))).filter(notAtSecret);
  const issues = [...secrets, ...withoutMissingSuggested([...shape, ...checkClusterRules(rulesInput(value)).filter(notAtSecret)], suggested)];
  const incomplete = options.draft ? issues.filter((issue) => issue.incomplete) : [];
  if (parsed.success && issues.length === incomplete.length) return { ok: true, spec: parsed.data, incomplete };
  return { ok: false, issues };
}
