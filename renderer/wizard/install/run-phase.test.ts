import { describe, expect, it } from 'vitest';
import { runPhase, runPhaseLabel } from './run-phase.ts';

describe('runPhase', () => {
  it('tells pausing (steps finishing) from paused, and passes an ended run through', () => {
    expect(runPhase({ status: 'running', paused: false }, 3)).toBe('running');
    expect(runPhase({ status: 'running', paused: true }, 2)).toBe('pausing');
    expect(runPhase({ status: 'running', paused: true }, 0)).toBe('paused');
    expect(runPhase({ status: 'cancelled', paused: false }, 0)).toBe('cancelled');
    expect(runPhaseLabel('pausing', 1)).toBe('pausing — 1 step finishing');
    expect(runPhaseLabel('paused', 0)).toBe('paused');
  });
});
