/**
 * Turns one remote `date +%s.%N` into a ClockSample. Pure: the caller measures the local times.
 *
 * The remote clock was read somewhere between sending and receiving, so it is compared with the midpoint and is
 * known to within half the round trip. A `date` without %N (busybox builds) gives whole seconds: the reading is
 * then taken as the middle of its second and the round trip widened by that second, so the error bar stays true.
 */
import type { ClockSample } from './finding.ts';

export function clockReading(host: string, localStartSeconds: number, roundTripSeconds: number, remoteOutput: string): ClockSample {
  const match = /^\s*(\d+)(\.\d+)?(\S*)\s*$/.exec(remoteOutput);
  if (!match) throw new Error(`not a clock reading: ${JSON.stringify(remoteOutput.slice(0, 40))}`);
  const wholeSeconds = match[2] === undefined;
  const remote = Number(match[1]) + (wholeSeconds ? 0.5 : Number(match[2]));
  const rttSeconds = roundTripSeconds + (wholeSeconds ? 1 : 0);
  return { host, offsetSeconds: remote - (localStartSeconds + roundTripSeconds / 2), rttSeconds };
}
