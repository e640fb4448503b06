/**
 * A project is a folder: cluster.yaml (the spec), known_hosts (pinned host keys), inventory/<host>.json
 * (inventory snapshots), runs/ (journals, written by the engine), and secrets.yaml (name → value, mode 0600),
 * which .gitignore keeps out of version control together with runs/.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { Secret } from '../ssh/secret.ts';
import { MODES, type ClusterSpec, type Mode } from './cluster-spec.ts';
import { clusterTemplate } from './cluster-template.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';
import type { ValidationOptions } from './validate-cluster-spec.ts';
import type { SpecError } from './spec-error.ts';
import { DNS_LABEL, DNS_LABEL_RULE, either } from './spec-formats.ts';

export interface ProjectPaths {
  dir: string;
  clusterFile: string;
  knownHosts: string;
  secrets: string;
  inventoryDir: string;
  runsDir: string;
  gitignore: string;
}

export function projectPaths(dir: string): ProjectPaths {
  return {
    dir,
    clusterFile: join(dir, 'cluster.yaml'),
    knownHosts: join(dir, 'known_hosts'),
    secrets: join(dir, 'secrets.yaml'),
    inventoryDir: join(dir, 'inventory'),
    runsDir: join(dir, 'runs'),
    gitignore: join(dir, '.gitignore'),
  };
}

export interface Project {
  dir: string;
  /** The cluster.yaml it was read from. */
  file: string;
  spec: ClusterSpec;
  /** What a draft still lacks before it can be planned (absent or empty: nothing). */
  incomplete?: SpecError[];
}

export type OpenedProject = ({ ok: true } & Project) | { ok: false; file: string; errors: SpecError[] };

/** A project folder that cannot be used as asked (missing, not a project, unreadable secrets). */
export class ProjectError extends Error {
  override readonly name = 'ProjectError';
}

const IGNORED = ['secrets.yaml', 'runs/'];

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

async function ensureGitignore(file: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  const lines = new Set(existing.split('\n').map((line) => line.trim()));
  const missing = IGNORED.filter((entry) => !lines.has(entry));
  if (missing.length === 0) return;
  const header = existing ? (existing.endsWith('\n') ? '' : '\n') : '# Picket: secrets and run journals stay out of version control.\n';
  await writeFile(file, `${existing}${header}${missing.join('\n')}\n`);
}

/**
 * Creates a project folder (mode 0700 when new, since it will hold secrets) with a cluster.yaml — the commented
 * template, or `clusterYaml` when given — and a .gitignore. Refuses to overwrite an existing cluster.yaml.
 */
export async function createProject(dir: string, options: { name: string; mode: Mode; clusterYaml?: string }): Promise<ProjectPaths> {
  if (!DNS_LABEL.test(options.name)) throw new ProjectError(`"${options.name}" is not a cluster name: use ${DNS_LABEL_RULE} (e.g. field-kit-1)`);
  if (!MODES.includes(options.mode)) throw new ProjectError(`"${options.mode}" is not a mode (expected ${either(MODES)})`);
  const paths = projectPaths(dir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await writeFile(paths.clusterFile, options.clusterYaml ?? clusterTemplate(options), { flag: 'wx' });
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') {
      throw new ProjectError(`${paths.clusterFile} already exists: this folder is a project already (edit it, or choose another folder)`);
    }
    throw error;
  }
  await ensureGitignore(paths.gitignore);
  return paths;
}

async function readClusterFile(dir: string): Promise<{ file: string; text: string }> {
  const file = projectPaths(dir).clusterFile;
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw new ProjectError(`${dir} is not a Picket project (no cluster.yaml): create one with picket init ${dir}`);
    throw error;
  }
}

/**
 * Reads and validates the project's cluster.yaml; spec errors are returned, a missing project is thrown. As a
 * draft, an incomplete spec opens, with what it lacks in `incomplete`.
 */
export async function openProject(dir: string, options: ValidationOptions = {}): Promise<OpenedProject> {
  const { file, text } = await readClusterFile(dir);
  const loaded = loadClusterSpec(text, file, options);
  if (!loaded.ok) return { ok: false, file, errors: loaded.errors };
  return { ok: true, dir, file, spec: loaded.spec, ...(loaded.incomplete.length > 0 ? { incomplete: loaded.incomplete } : {}) };
}

/** The secrets of a project, read once. Values stay inside Secret objects. */
export interface ProjectSecrets {
  file: string;
  get(name: string): Secret;
}

function isPrivate(mode: number): boolean {
  return process.platform === 'win32' || (mode & 0o077) === 0;
}

/** `requirePrivate`: refuse a file others can read (as ssh refuses such a key); a rewrite fixes it instead. */
async function readSecretsMap(file: string, requirePrivate: boolean): Promise<Map<string, string>> {
  let text: string;
  try {
    const info = await stat(file);
    if (requirePrivate && !isPrivate(info.mode)) {
      throw new ProjectError(`${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}): run chmod 600 ${file}`);
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return new Map();
    throw error;
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  // Neither yaml's message nor its position is shown: both could point into a secret value.
  if (doc.errors.length > 0) throw new ProjectError(`${file} is not valid YAML: fix it by hand, or remove it and store the secrets again with picket secret set NAME`);
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return new Map();
  if (typeof value !== 'object' || Array.isArray(value)) throw new ProjectError(`${file} is not a map of name: value`);
  const secrets = new Map<string, string>();
  for (const [name, secret] of Object.entries(value)) {
    if (typeof secret !== 'string') throw new ProjectError(`secret ${name} in ${file} is not text: quote it, or store it again with picket secret set ${name}`);
    secrets.set(name, secret);
  }
  return secrets;
}

export async function loadSecrets(dir: string): Promise<ProjectSecrets> {
  const file = projectPaths(dir).secrets;
  const values = await readSecretsMap(file, true);
  return {
    file,
    get(name) {
      const value = values.get(name);
      if (value === undefined) throw new ProjectError(`no secret named ${name} in ${file}: store it with picket secret set ${name} -C ${dir}`);
      return new Secret(value);
    },
  };
}

export async function readSecret(dir: string, name: string): Promise<Secret> {
  return (await loadSecrets(dir)).get(name);
}

/** Stores a secret (replacing one of the same name). The file is rewritten whole, 0600, and swapped in atomically. */
export async function writeSecret(dir: string, name: string, value: Secret): Promise<void> {
  if (!DNS_LABEL.test(name)) throw new ProjectError(`"${name}" is not a secret name: use ${DNS_LABEL_RULE} (e.g. sensor-1-login)`);
  if (value.isEmpty) throw new ProjectError(`the value for ${name} is empty: nothing stored`);
  await readClusterFile(dir); // secrets belong to a project: refuse a folder that is not one
  const file = projectPaths(dir).secrets;
  const secrets = await readSecretsMap(file, false);
  secrets.set(name, value.reveal());
  const body = stringify(Object.fromEntries([...secrets].sort(([a], [b]) => a.localeCompare(b))));
  const text = `# Picket secrets: name: value. Keep this file 0600 and out of version control.\n${body}`;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await chmod(file, 0o600);
}
