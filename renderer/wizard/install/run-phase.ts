/**
 * What a run is doing, as the Install says it: running; pausing (asked to pause, steps still in flight) or paused
 * (nothing in flight, nothing starts until resumed); or how it ended.
 */
import type { RunSummary } from '../../../provisioning/contract/run-summary.ts';

export type RunPhase = 'running' | 'pausing' | 'paused' | 'succeeded' | 'failed' | 'cancelled';

/** `inFlight`: steps of the run checking, applying or verifying now. */
export function runPhase(run: Pick<RunSummary, 'status' | 'paused'>, inFlight: number): RunPhase {
  if (run.status !== 'running') return run.status;
  if (!run.paused) return 'running';
  return inFlight > 0 ? 'pausing' : 'paused';
}

export function runPhaseLabel(phase: RunPhase, inFlight: number): string {
  return phase === 'pausing' ? `pausing — ${inFlight} step${inFlight === 1 ? '' : 's'} finishing` : phase;
}
