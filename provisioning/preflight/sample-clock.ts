/**
 * Reads a host's clock against this machine's with one exec of `date +%s.%N`. The connection is opened first,
 * so the SSH handshake is not part of the round trip, and the reading ends when the output arrives rather than
 * when the channel closes, which keeps the error bar (half the round trip) small.
 */
import { performance } from 'node:perf_hooks';
import type { HostConnection } from '../ssh/connection.ts';
import { HostError } from '../ssh/host-error.ts';
import { sh } from '../ssh/shell-quote.ts';
import { clockReading } from './clock-reading.ts';
import type { ClockSample } from './finding.ts';

export interface SampleOptions {
  /** The host's name in findings (defaults to the connection's label). */
  host?: string;
  signal?: AbortSignal;
}

export async function sampleClock(connection: HostConnection, options: SampleOptions = {}): Promise<ClockSample> {
  await connection.connect();
  let outputAt: number | undefined;
  const startSeconds = Date.now() / 1000;
  const started = performance.now();
  const result = await connection.exec(sh`date +%s.%N`, {
    purpose: 'clock sample',
    timeoutMs: 20_000,
    onStdout: () => {
      outputAt ??= performance.now();
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const roundTripSeconds = ((outputAt ?? performance.now()) - started) / 1000;
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
    throw new HostError(connection.label, 'command', `clock sample failed: ${why}`);
  }
  try {
    return clockReading(options.host ?? connection.label, startSeconds, roundTripSeconds, result.stdout);
  } catch (error) {
    throw new HostError(connection.label, 'protocol', `clock sample: ${error instanceof Error ? error.message : String(error)}`);
  }
}
