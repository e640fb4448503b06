/**
 * One engine session over a project: open the spec, connect to its hosts, inventory them (snapshots saved in
 * the project), match capture NICs, and plan each host's tuning. The CLI, `picket serve` and the desktop app
 * all drive the engine through this; none of them talks to hosts on its own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BundleHashProgress } from '../bundle/check-bundle-files.ts';
import { pinnedKeys } from '../bundle/distribution-host-pins.ts';
import { distributionPhase } from '../bundle/distribution-phase.ts';
import { BundleRefusedError, verifyProjectBundle, type VerifiedBundle } from '../bundle/distribution-source.ts';
import type { HostInventory } from '../inventory/host-inventory.ts';
import { probeHost } from '../inventory/probe-host.ts';
import type { PreflightTarget } from '../preflight/run-preflight.ts';
import { effectiveHost, type ClusterSpec, type HostSpec } from '../project/cluster-spec.ts';
import { toHostTarget } from '../project/host-target.ts';
import { openProject, projectPaths, type Project } from '../project/project-folder.ts';
import { formatSpecError } from '../project/spec-error.ts';
import { resolveCaptureNics, type ResolvedCaptureNic } from '../project/resolve-capture-nics.ts';
import { mapBounded } from '../shared/map-bounded.ts';
import { HostConnection, type HostKeyOffer } from '../ssh/connection.ts';
import { KnownHosts } from '../ssh/known-hosts.ts';
import type { HostTuningPlan } from '../tuning/plan/host-tuning-plan.ts';
import { planHostTuning } from '../tuning/plan/plan-host-tuning.ts';
import { virtualizationKind } from '../tuning/plan/virtualization-kind.ts';
import { tuningPhase } from '../tuning/tuning-phase.ts';
import type { Phase } from './step.ts';
import type { HostAccess } from './step-runner.ts';

/** The spec itself is wrong: every error, formatted file:line:column: path: message. */
export class SpecInvalidError extends Error {
  override readonly name = 'SpecInvalidError';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export interface SessionOptions {
  /** Asked on first contact with a host whose key is not pinned in the project's known_hosts. */
  confirmNewHost: (offer: HostKeyOffer) => Promise<boolean>;
  /** How long each host's SSH handshake and login may take (the connection's own default when left out). */
  readyTimeoutMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
  /** Open a spec that is only incomplete (the wizard's draft): it discovers, but planning reports what it lacks. */
  draft?: boolean;
}

export interface DiscoverOptions {
  /** An inventory already taken of this host (unchanged since): used instead of probing it again. */
  known?: (host: SessionHost) => HostInventory | undefined;
  /** While the offline bundle is verified (cluster.yaml's bundle:), before any host is contacted. */
  onBundleProgress?: (progress: BundleHashProgress) => void;
}

export interface SessionHost {
  name: string;
  spec: HostSpec;
  connection: HostConnection;
  access: HostAccess;
  inventory?: HostInventory;
  /** Why this host cannot be planned: unreachable, NIC not found, too small… one line each. */
  problems: string[];
  capture: ResolvedCaptureNic[];
  plan?: HostTuningPlan;
}

export class ClusterSession {
  /** The offline bundle, once verified (cluster.yaml's bundle:); its problems otherwise. */
  private bundle: VerifiedBundle | undefined;
  private bundleProblems: string[] = [];

  private constructor(
    readonly project: Project,
    readonly hosts: SessionHost[],
    private readonly options: SessionOptions,
  ) {}

  get spec(): ClusterSpec {
    return this.project.spec;
  }

  get runsDir(): string {
    return projectPaths(this.project.dir).runsDir;
  }

  /** Opens the project of a cluster.yaml; a wrong spec throws SpecInvalidError and no host is contacted. */
  static async open(file: string, options: SessionOptions): Promise<ClusterSession> {
    const opened = await openProject(dirname(file), { draft: options.draft ?? false });
    if (!opened.ok) throw new SpecInvalidError(opened.errors.map(formatSpecError));
    const project: Project = { dir: opened.dir, file: opened.file, spec: opened.spec, ...(opened.incomplete ? { incomplete: opened.incomplete } : {}) };
    const knownHosts = new KnownHosts(projectPaths(project.dir).knownHosts);
    // Jump-only hosts (no roles) are reached through, never worked on.
    const working = project.spec.hosts.filter((h) => h.roles.length > 0);
    const hosts = await Promise.all(
      working.map(async (spec): Promise<SessionHost> => {
        const target = await toHostTarget(project, spec);
        const connection = new HostConnection(target, {
          hostKeys: { knownHosts, confirmNewHost: options.confirmNewHost },
          reconnectAttempts: 3,
          ...(options.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.readyTimeoutMs }),
        });
        const sudo = effectiveHost(project.spec, spec).sudo && target.user !== 'root';
        return { name: spec.name, spec, connection, access: { connection, sudo }, problems: [], capture: [] };
      }),
    );
    return new ClusterSession(project, hosts, options);
  }

  /**
   * Inventories every host (in parallel), saves the snapshots, matches capture NICs and plans tuning. A project with
   * a bundle has it verified first (once per session): a bundle with any problem stops here, before any host is
   * contacted, its problems reported by problems().
   */
  async discover(onHostDone?: (host: SessionHost) => void, options: DiscoverOptions = {}): Promise<void> {
    if (!(await this.verifyBundle(options.onBundleProgress))) return;
    const inventoryDir = projectPaths(this.project.dir).inventoryDir;
    await mkdir(inventoryDir, { recursive: true });
    await mapBounded(this.hosts, this.options.concurrency ?? 16, async (host) => {
      host.problems = [];
      try {
        const known = options.known?.(host);
        if (known) host.inventory = known;
        else {
          host.inventory = await probeHost(host.connection, { sudo: host.access.sudo, ...(this.options.signal ? { signal: this.options.signal } : {}) });
          await writeFile(join(inventoryDir, `${host.name}.json`), `${JSON.stringify(host.inventory, null, 2)}\n`);
        }
      } catch (error) {
        host.problems.push(error instanceof Error ? error.message : String(error));
        onHostDone?.(host);
        return;
      }
      const resolution = resolveCaptureNics(host.spec, host.inventory);
      host.capture = resolution.nics;
      host.problems.push(...resolution.errors.map((e) => `${host.name}: hosts.${host.name}.${e.path}: ${e.message}`));
      if (resolution.errors.length === 0) {
        try {
          host.plan = planHostTuning({
            host: host.name,
            inventory: host.inventory,
            roles: host.spec.roles,
            capture: host.capture.map((c) => ({ nic: c.nic.name, engines: c.spec.engines, ...(c.spec.workers ? { workers: c.spec.workers } : {}) })),
          });
        } catch (error) {
          host.problems.push(error instanceof Error ? error.message : String(error));
        }
      }
      onHostDone?.(host);
    });
  }

  /** Verifies the spec's bundle, once; false (its problems kept for problems()) when it may not be distributed. */
  private async verifyBundle(onProgress?: (progress: BundleHashProgress) => void): Promise<boolean> {
    const spec = this.project.spec.bundle;
    if (!spec || this.bundle) return true;
    try {
      this.bundle = await verifyProjectBundle(this.project.dir, spec, onProgress);
      this.bundleProblems = [];
      return true;
    } catch (error) {
      this.bundleProblems = error instanceof BundleRefusedError ? error.problems : [error instanceof Error ? error.message : String(error)];
      return false;
    }
  }

  /** Every problem that stops planning, one line each (empty when every host has a plan and the spec lacks nothing). */
  problems(): string[] {
    return [...this.bundleProblems, ...(this.project.incomplete ?? []).map(formatSpecError), ...this.hosts.flatMap((h) => h.problems)];
  }

  /** What an apply run needs from the session: where runs go, how to reach hosts, what the journal names. */
  runScope(): { runsDir: string; hosts: Map<string, HostAccess>; phases: string[]; hostNames: string[] } {
    return { runsDir: this.runsDir, hosts: this.accessMap(), phases: this.phases().map((p) => p.name), hostNames: this.hosts.map((h) => h.name) };
  }

  accessMap(): Map<string, HostAccess> {
    return new Map(this.hosts.map((h) => [h.name, h.access]));
  }

  /** The phases of an install, in order: tuning for hosts that have a plan, then the bundle (when verified) on every host. */
  phases(): Phase[] {
    const planned = this.hosts.filter((h) => h.plan && h.inventory);
    return [
      tuningPhase(planned.map((h) => ({ name: h.name, plan: h.plan!, container: virtualizationKind(h.inventory!.virtualization) === 'container' }))),
      ...(this.bundle ? [this.distribution(this.bundle)] : []),
    ];
  }

  /** The bundle's phase: uploaded once to the first server, then passed host to host. */
  private distribution(bundle: VerifiedBundle): Phase {
    const first = this.hosts.find((h) => h.spec.roles.includes('server')) ?? this.hosts[0];
    const ordered = first ? [first, ...this.hosts.filter((h) => h !== first)] : [];
    const knownHosts = projectPaths(this.project.dir).knownHosts;
    return distributionPhase({
      bundleDir: bundle.dir,
      destination: bundle.destination,
      files: bundle.files,
      hosts: ordered.map((h) => {
        const effective = effectiveHost(this.project.spec, h.spec);
        return { name: h.name, address: effective.address, port: effective.port, user: effective.user, access: h.access };
      }),
      pinsFor: (host) => pinnedKeys(knownHosts, host.name, host.address, host.port),
    });
  }

  preflightTargets(): PreflightTarget[] {
    return this.hosts
      .filter((h) => h.inventory)
      .map((h) => ({
        connection: h.connection,
        host: { name: h.name, roles: h.spec.roles, inventory: h.inventory!, capture: h.capture.map((c) => ({ nic: c.nic.name })), sriovPlanned: false },
      }));
  }

  close(): void {
    for (const h of this.hosts) h.connection.close();
  }
}
