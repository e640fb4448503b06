import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../test/support/engine-doubles.ts';
import { applyRun } from './apply-run.ts';
import type { EngineEvent } from './engine-events.ts';
import { listRuns } from './journal.ts';
import { resetRun, revertibleSteps } from './reset-run.ts';

describe('resetRun', () => {
  it('reverts one applied step to its recorded original, in a journaled reset run of its own', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-reset-run-')), 'runs');
    const state: FakeHostState = new Map([['mtu', '1500']]);
    const mtu = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const promisc = fakeSettingStep(state, 'h1', 'promisc', 'on');
    const scope = { runsDir, hosts: fakeHostAccess(['h1']), phases: ['fake'], hostNames: ['h1'] };
    await applyRun({ ...scope, steps: [mtu, promisc], waived: [] });
    expect(revertibleSteps(runsDir, [mtu, promisc])).toEqual([mtu, promisc]);

    const events: EngineEvent[] = [];
    const result = await resetRun({ ...scope, steps: [mtu], onEvent: (e) => events.push(e) });
    expect(result.outcome).toBe('succeeded');
    expect([state.get('mtu'), state.get('promisc')]).toEqual(['1500', 'on']);
    expect(events.map((e) => (e.type === 'step-state' ? e.state : e.type))).toEqual(['run-started', 'reverting', 'reverted', 'run-finished']);
    const reset = listRuns(runsDir).at(-1);
    expect(reset?.run).toBe(result.run);
    expect(reset?.records.map((r) => r.type)).toEqual(['run-started', 'step-reverted', 'run-finished']);
    expect(reset?.records[0]).toMatchObject({ command: 'reset', phases: ['fake'], hosts: ['h1'] });
    // Reverted, it has nothing recorded any more; the other step still has.
    expect(revertibleSteps(runsDir, [mtu, promisc])).toEqual([promisc]);
  });
});
