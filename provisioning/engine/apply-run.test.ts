import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../test/support/engine-doubles.ts';
import { applyRun, type ApplyRunOptions, type RunBegun } from './apply-run.ts';
import type { EngineEvent } from './engine-events.ts';
import { Journal, listRuns } from './journal.ts';

function options(runsDir: string, state: FakeHostState, extra: Partial<ApplyRunOptions> = {}): ApplyRunOptions {
  return {
    runsDir,
    steps: [fakeSettingStep(state, 'h1', 'mtu', '9000'), fakeSettingStep(state, 'h1', 'promisc', 'on')],
    hosts: fakeHostAccess(['h1']),
    phases: ['fake'],
    hostNames: ['h1'],
    waived: [],
    ...extra,
  };
}

describe('applyRun', () => {
  it('journals a new run from start to finish, waivers and skips included, and tells its faces', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-apply-run-')), 'runs');
    const state: FakeHostState = new Map([['mtu', '1500']]);
    const events: EngineEvent[] = [];
    let begun: RunBegun | undefined;
    const result = await applyRun(
      options(runsDir, state, {
        waived: [{ check: 'clock-skew', host: '*', reason: 'GPS clock arrives tomorrow' }],
        skip: new Map([['fake/h1/promisc', 'TAP not cabled yet']]),
        onEvent: (e) => events.push(e),
        onBegin: (b) => (begun = b),
      }),
    );
    expect(result.outcome).toBe('succeeded');
    expect(begun).toEqual({ run: result.run, resumed: false, journalFile: join(runsDir, result.run, 'journal.jsonl'), logDir: join(runsDir, result.run, 'logs') });
    expect(state.get('mtu')).toBe('9000');
    const [run] = listRuns(runsDir);
    expect(run?.records.map((r) => r.type)).toEqual([
      'run-started', 'check-waived', 'step-captured', 'step-started', 'step-applied', 'step-verified', 'step-skipped', 'run-finished',
    ]);
    expect(run?.records[0]).toMatchObject({ command: 'apply', phases: ['fake'], hosts: ['h1'] });
    expect(events[0]).toMatchObject({ type: 'run-started', run: result.run, steps: [{ id: 'fake/h1/mtu' }, { id: 'fake/h1/promisc' }] });
    expect(events.at(-1)).toEqual({ type: 'run-finished', run: result.run, outcome: 'succeeded' });
  });

  it('resumes an apply run that never finished, and starts afresh after one that did', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-apply-run-')), 'runs');
    const crashed = new Journal(join(runsDir, '0001-20260101T000000Z'), '0001-20260101T000000Z');
    crashed.append({ type: 'run-started', command: 'apply', phases: ['fake'], hosts: ['h1'] });
    crashed.close();
    const state: FakeHostState = new Map();
    const resumed = await applyRun(options(runsDir, state));
    expect([resumed.run, resumed.resumed]).toEqual(['0001-20260101T000000Z', true]);
    const next = await applyRun(options(runsDir, state));
    expect(next.resumed).toBe(false);
    expect(next.run).toMatch(/^0002-/);
    expect(listRuns(runsDir).map((r) => r.finished)).toEqual([true, true]);
  });

  it('journals a cancelled run as cancelled', async () => {
    const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-apply-run-')), 'runs');
    const controller = new AbortController();
    controller.abort();
    const result = await applyRun(options(runsDir, new Map(), { signal: controller.signal }));
    expect(result.outcome).toBe('cancelled');
    expect(listRuns(runsDir)[0]?.records.at(-1)).toMatchObject({ type: 'run-finished', outcome: 'cancelled' });
  });
});
