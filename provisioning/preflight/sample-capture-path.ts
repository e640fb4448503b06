/**
 * Samples the capture path of one host: ONE exec runs the counters script over all its capture NICs at once,
 * so every NIC is measured over the same seconds. Reading sysfs needs no privileges, so no sudo.
 */
import type { HostConnection } from '../ssh/connection.ts';
import { HostError } from '../ssh/host-error.ts';
import { shScript } from '../ssh/shell-quote.ts';
import { CAPTURE_COUNTERS_SCRIPT, parseCaptureCounters } from './capture-counters.ts';
import type { CaptureSample } from './finding.ts';
import type { SampleOptions } from './sample-clock.ts';

export const MAX_CAPTURE_SAMPLE_SECONDS = 600;

export async function sampleCapturePath(connection: HostConnection, nics: string[], seconds: number, options: SampleOptions = {}): Promise<CaptureSample[]> {
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_CAPTURE_SAMPLE_SECONDS) {
    throw new RangeError(`capture sample seconds must be in (0, ${MAX_CAPTURE_SAMPLE_SECONDS}], got ${seconds}`);
  }
  const host = options.host ?? connection.label;
  if (nics.length === 0) return [];
  // A NUL cannot travel in an argument at all; sent as '' it is looked up as no NIC and reported unknown.
  const names = nics.map((nic) => (nic.includes('\0') ? '' : nic));
  const result = await connection.exec(shScript(CAPTURE_COUNTERS_SCRIPT, 'picket-capture-path', String(seconds), ...names), {
    purpose: 'capture path sample',
    timeoutMs: seconds * 1000 + 30_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
    throw new HostError(connection.label, 'command', `capture path sample failed: ${why}`);
  }
  return parseCaptureCounters(result.stdout, host, nics, seconds);
}
