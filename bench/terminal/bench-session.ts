/**
 * The engine session the bench runs: one host, bench-1, never contacted, whose only step prints the flood through
 * the step runner (its log on disk, its step.output events) once the bench says go. Everything else is the real
 * engine: apply.start's preflight, plan and journaled run, the step runner, the step terminal.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterSession } from '../../provisioning/engine/cluster-session.ts';
import type { HostAccess } from '../../provisioning/engine/step-runner.ts';
import { stepId, type Step } from '../../provisioning/engine/step.ts';
import type { ClusterSpec } from '../../provisioning/project/cluster-spec.ts';
import type { HostConnection } from '../../provisioning/ssh/connection.ts';
import { floodPieces } from './flood-text.ts';

export const BENCH_HOST = 'bench-1';
export const FLOOD_STEP = stepId('bench', BENCH_HOST, 'flood');
/** How much the step hands the runner at a time: what one read of a fast SSH channel gives. */
const PIECE_BYTES = 64 * 1024;

function floodStep(totalBytes: number, go: Promise<void>): Step {
  let printed = false;
  return {
    id: FLOOD_STEP,
    title: `print ${totalBytes} bytes`,
    host: BENCH_HOST,
    phase: 'bench',
    needs: [],
    check: async () => (printed ? { state: 'in-sync' } : { state: 'changes', changes: [`print ${totalBytes} bytes of output`] }),
    apply: async (ctx) => {
      await go;
      for (const piece of floodPieces(totalBytes, PIECE_BYTES)) {
        ctx.log(piece);
        // Output arrives in reads, between which the engine does its other work.
        await new Promise((resolve) => setImmediate(resolve));
      }
      printed = true;
    },
    verify: async () => [],
  };
}

export function benchSession(totalBytes: number, go: Promise<void>): ClusterSession {
  const dir = mkdtempSync(join(tmpdir(), 'picket-bench-terminal-'));
  const spec = {
    apiVersion: 'picket/v1',
    kind: 'Cluster',
    name: 'bench',
    mode: 'standalone',
    defaults: { auth: { method: 'agent' } },
    hosts: [{ name: BENCH_HOST, address: '198.18.255.254', roles: ['server', 'sensor', 'data'] }],
  } as ClusterSpec;
  const host = { name: BENCH_HOST, spec: spec.hosts[0]!, problems: [], capture: [] };
  const steps = [floodStep(totalBytes, go)];
  // The step never uses its connection.
  const access = new Map<string, HostAccess>([[BENCH_HOST, { connection: {} as HostConnection, sudo: false }]]);
  const session = {
    project: { dir, file: join(dir, 'cluster.yaml'), spec },
    spec,
    hosts: [host],
    runsDir: join(dir, 'runs'),
    discover: async (onHost?: (h: typeof host) => void) => onHost?.(host),
    problems: () => [],
    accessMap: () => access,
    phases: () => [{ name: 'bench', title: 'Bench', steps }],
    preflightTargets: () => [],
    // The real method, reading the double's fields.
    runScope: ClusterSession.prototype.runScope,
    close: () => undefined,
  };
  return session as unknown as ClusterSession;
}
