/**
 * Preflight end to end, for `picket check` and the wizard: sample every host's clock, then every sensor's
 * capture path (all hosts at once, so the whole run waits about `captureSeconds`), then run the pure checks.
 * A host that cannot be sampled becomes a finding of the check that lacked its sample, not an exception.
 */
import type { HostConnection } from '../ssh/connection.ts';
import { mapBounded } from '../shared/map-bounded.ts';
import type { CaptureSample, ClockSample, Finding, PreflightHost, PreflightInput } from './finding.ts';
import { runChecks, sortFindings } from './run-checks.ts';
import { sampleCapturePath } from './sample-capture-path.ts';
import { sampleClock } from './sample-clock.ts';

export interface PreflightTarget {
  host: PreflightHost;
  connection: HostConnection;
}

export interface RunPreflightOptions {
  mode: PreflightInput['mode'];
  bundleBytes?: number;
  /** How long each capture NIC is watched (default 5 s). */
  captureSeconds?: number;
  /** Hosts sampled at once (default 16). */
  concurrency?: number;
  signal?: AbortSignal;
}

function why(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runPreflight(targets: readonly PreflightTarget[], options: RunPreflightOptions): Promise<Finding[]> {
  const limit = options.concurrency ?? 16;
  const signal = options.signal ? { signal: options.signal } : {};
  const problems: Finding[] = [];

  const clocks = await mapBounded(targets, limit, async ({ host, connection }): Promise<ClockSample | null> => {
    try {
      return await sampleClock(connection, { host: host.name, ...signal });
    } catch (error) {
      problems.push({ severity: 'warn', host: host.name, check: 'clock-skew', message: `${host.name}'s clock could not be read: ${why(error)}`, fix: 'fix the connection to the host, then run the check again' });
      return null;
    }
  });

  const seconds = options.captureSeconds ?? 5;
  const captures = await mapBounded(targets, limit, async ({ host, connection }): Promise<CaptureSample[]> => {
    if (host.capture.length === 0) return [];
    try {
      return await sampleCapturePath(connection, host.capture.map((c) => c.nic), seconds, { host: host.name, ...signal });
    } catch (error) {
      problems.push({ severity: 'warn', host: host.name, check: 'capture-path', message: `the capture NICs of ${host.name} could not be sampled: ${why(error)}`, fix: 'fix the connection to the host, then run the check again' });
      return [];
    }
  });

  const input: PreflightInput = {
    mode: options.mode,
    hosts: targets.map((t) => t.host),
    clock: clocks.filter((c): c is ClockSample => c !== null),
    capture: captures.flat(),
    ...(options.bundleBytes !== undefined ? { bundleBytes: options.bundleBytes } : {}),
  };
  return sortFindings([...runChecks(input), ...problems]);
}
