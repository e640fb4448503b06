import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../test/support/engine-doubles.ts';
import { applyRun } from '../engine/apply-run.ts';
import { Journal, listRuns } from '../engine/journal.ts';
import { resetRun } from '../engine/reset-run.ts';
import { lastInstallEvents } from './journal-replay.ts';

function runsDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'picket-replay-')), 'runs');
}

describe('lastInstallEvents', () => {
  it('tells the latest install as it ended — each step, why, and the reset since — and nothing before it', async () => {
    const dir = runsDir();
    const state: FakeHostState = new Map([['mtu', '1500']]);
    const scope = { runsDir: dir, hosts: fakeHostAccess(['h1']), phases: ['fake'], hostNames: ['h1'], waived: [] };
    const broken = fakeSettingStep(state, 'h1', 'rings', '1024', { failApply: true });
    const mtu = fakeSettingStep(state, 'h1', 'mtu', '9000');
    const after = fakeSettingStep(state, 'h1', 'promisc', 'on');
    await applyRun({ ...scope, steps: [mtu, broken] });
    const latest = await applyRun({ ...scope, steps: [mtu, after, broken], skip: new Map([[broken.id, 'firmware refuses it']]) });
    const reset = await resetRun({ ...scope, steps: [after] });

    const events = lastInstallEvents(listRuns(dir));
    expect(events.filter((e) => e.type === 'entity.created').map((e) => (e.type === 'entity.created' ? [e.entity.id, e.entity.kind === 'run' && e.entity.value.command, e.entity.kind === 'run' && e.entity.value.status] : []))).toEqual([
      [latest.run, 'apply', 'succeeded'],
      [reset.run, 'reset', 'succeeded'],
    ]);
    expect(events).toContainEqual({ type: 'run.started', run: latest.run, steps: [
      { id: mtu.id, title: 'set mtu', host: 'h1', phase: 'fake' },
      { id: after.id, title: 'set promisc', host: 'h1', phase: 'fake' },
      { id: broken.id, title: 'set rings', host: 'h1', phase: 'fake' },
    ] });
    const states = events.flatMap((e) => (e.type === 'step.state' ? [`${e.run === latest.run ? 'apply' : 'reset'} ${e.step} ${e.state}${e.detail ? ` (${e.detail})` : ''}`] : []));
    expect(states).toEqual([
      `apply ${mtu.id} in-sync`,
      `apply ${after.id} verified`,
      `apply ${broken.id} skipped (firmware refuses it)`,
      `reset ${after.id} reverted`,
    ]);
  });

  it('shows a run that never finished as cancelled: its step in progress interrupted, the rest still to do', () => {
    const dir = runsDir();
    const journal = new Journal(join(dir, '0001-20260101T000000Z'), '0001-20260101T000000Z');
    const steps = [
      { id: 'tuning/h1/a', title: 'A', host: 'h1', phase: 'tuning' },
      { id: 'tuning/h1/b', title: 'B', host: 'h1', phase: 'tuning' },
    ];
    journal.append({ type: 'run-started', command: 'apply', phases: ['tuning'], hosts: ['h1'], steps });
    journal.append({ type: 'step-started', step: 'tuning/h1/a', host: 'h1', title: 'A' });
    journal.close();
    const events = lastInstallEvents(listRuns(dir));
    expect(events.flatMap((e) => (e.type === 'step.state' ? [[e.step, e.state]] : []))).toEqual([
      ['tuning/h1/a', 'failed'],
      ['tuning/h1/b', 'pending'],
    ]);
    expect(events.at(-1)).toEqual({ type: 'run.finished', run: '0001-20260101T000000Z', outcome: 'cancelled' });
  });

  it('names the steps of a journal from before runs listed them, and says nothing for a project never installed', () => {
    const dir = runsDir();
    const journal = new Journal(join(dir, '0001-20260101T000000Z'), '0001-20260101T000000Z');
    journal.append({ type: 'run-started', command: 'apply', phases: ['tuning'], hosts: ['h1'] });
    journal.append({ type: 'step-started', step: 'tuning/h1/cap0-rings', host: 'h1', title: 'cap0 rings' });
    journal.append({ type: 'step-failed', step: 'tuning/h1/cap0-rings', host: 'h1', error: 'ethtool: busy' });
    journal.append({ type: 'run-finished', outcome: 'failed' });
    journal.close();
    expect(lastInstallEvents(listRuns(dir))).toContainEqual({ type: 'run.started', run: '0001-20260101T000000Z', steps: [{ id: 'tuning/h1/cap0-rings', title: 'cap0 rings', host: 'h1', phase: 'tuning' }] });
    expect(lastInstallEvents(listRuns(runsDir()))).toEqual([]);
  });
});
