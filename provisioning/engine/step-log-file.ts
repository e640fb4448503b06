/**
 * Where a step's output is kept: runs/<run>/logs/<host>/<name>.log, beside the run's journal. The step runner
 * writes it and step terminals read it, so both name it here.
 */
import { join } from 'node:path';

export function runLogDir(runDir: string): string {
  return join(runDir, 'logs');
}

/** The log of step `phase/host/name…` (a name with slashes becomes one file name, joined with '_'). */
export function stepLogFile(logDir: string, step: { id: string; host: string }): string {
  return join(logDir, step.host, `${step.id.split('/').slice(2).join('_') || 'step'}.log`);
}
