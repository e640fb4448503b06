/**
 * One engine session over a project: open the spec, connect to its hosts, inventory them (snapshots saved in
 * the project), match capture NICs, and plan each host's tuning. The CLI, `picket serve` and the desktop app
 * all drive the engine through this; none of them talks to hosts on its own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  concurrency?: number;
  signal?: AbortSignal;
  /** Open a spec that is only incomplete (the wizard's draft): it discovers, but planning reports what it lacks. */
  draft?: boolean;
}

export interface DiscoverOptions {
  /** An inventory already taken of this host (unchanged since): used instead of probing it again. */
  known?: (host: SessionHost) => HostInventory | undefined;
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
        const connection = new HostConnection(target, { hostKeys: { knownHosts, confirmNewHost: options.confirmNewHost }, reconnectAttempts: 3 });
        const sudo = effectiveHost(project.spec, spec).sudo && target.user !== 'root';
        return { name: spec.name, spec, connection, access: { connection, sudo }, problems: [], capture: [] };
      }),
    );
    return new ClusterSession(project, hosts, options);
  }

  /** Inventories every host (in parallel), saves the snapshots, matches capture NICs and plans tuning. */
  async discover(onHostDone?: (host: SessionHost) => void, options: DiscoverOptions = {}): Promise<void> {
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

  /** Every problem that stops planning, one line each (empty when every host has a plan and the spec lacks nothing). */
  problems(): string[] {
    return [...(this.project.incomplete ?? []).map(formatSpecError), ...this.hosts.flatMap((h) => h.problems)];
  }

  /** What an apply run needs from the session: where runs go, how to reach hosts, what the journal names. */
  runScope(): { runsDir: string; hosts: Map<string, HostAccess>; phases: string[]; hostNames: string[] } {
    return { runsDir: this.runsDir, hosts: this.accessMap(), phases: this.phases().map((p) => p.name), hostNames: this.hosts.map((h) => h.name) };
  }

  accessMap(): Map<string, HostAccess> {
    return new Map(this.hosts.map((h) => [h.name, h.access]));
  }

  /** The phases of an install, in order (only tuning so far), for hosts that have a plan. */
  phases(): Phase[] {
    const planned = this.hosts.filter((h) => h.plan && h.inventory);
    return [
      tuningPhase(planned.map((h) => ({ name: h.name, plan: h.plan!, container: virtualizationKind(h.inventory!.virtualization) === 'container' }))),
    ];
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
