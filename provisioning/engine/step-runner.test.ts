import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeHostAccess, fakeSettingStep, type FakeHostState } from '../../test/support/engine-doubles.ts';
import type { EngineEvent } from './engine-events.ts';
import { Journal, listRuns, newRunId, readJournal, stepHistories } from './journal.ts';
import { applySteps, planSteps, revertSteps } from './step-runner.ts';

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'picket-runner-'));
  const runsDir = join(dir, 'runs');
  const open = () => {
    const run = newRunId(runsDir);
    return new Journal(join(runsDir, run), run);
  };
  return { runsDir, open, history: () => stepHistories(listRuns(runsDir)) };
}

describe('applySteps', () => {
  it('applies what differs, leaves what is in sync, and journals each transition in order', async () => {
    const a: FakeHostState = new Map([['mtu', '1500'], ['promisc', 'on']]);
    const steps = [fakeSettingStep(a, 'h1', 'mtu', '9000'), fakeSettingStep(a, 'h1', 'promisc', 'on')];
    const p = project();
    const journal = p.open();
    const events: EngineEvent[] = [];
    const result = await applySteps(steps, { hosts: fakeHostAccess(['h1']), journal, history: p.history(), logDir: join(journal.dir, 'logs'), onEvent: (e) => events.push(e) });
    expect(result.outcome).toBe('succeeded');
    expect(a.get('mtu')).toBe('9000');
    expect(readJournal(journal.file).map((r) => `${r.type} ${'step' in r ? r.step : ''}`)).toEqual([
      'step-captured fake/h1/mtu',
      'step-started fake/h1/mtu',
      'step-applied fake/h1/mtu',
      'step-verified fake/h1/mtu',
      'step-in-sync fake/h1/promisc',
    ]);
    expect(readFileSync(join(journal.dir, 'logs', 'h1', 'mtu.log'), 'utf8')).toContain('will change: mtu: 1500 -> 9000\nsetting mtu\n');
    expect(events.filter((e) => e.type === 'step-state' && e.step === 'fake/h1/mtu').map((e) => (e as { state: string }).state)).toEqual([
      'pending', 'checking', 'applying', 'verifying', 'verified',
    ]);
  });

  it('waits for needs across hosts, and blocks what follows a failure', async () => {
    const h1: FakeHostState = new Map();
    const h2: FakeHostState = new Map();
    const order: string[] = [];
    const first = fakeSettingStep(h1, 'h1', 'server', 'up', { onApply: () => order.push('h1 server') });
    const join2 = fakeSettingStep(h2, 'h2', 'joined', 'yes', { needs: [first.id], onApply: () => order.push('h2 join') });
    const broken = fakeSettingStep(h2, 'h2', 'broken', 'x', { failApply: true });
    const after = fakeSettingStep(h2, 'h2', 'after', 'y');
    const p = project();
    const journal = p.open();
    const result = await applySteps([join2, broken, after, first], { hosts: fakeHostAccess(['h1', 'h2']), journal, history: p.history(), logDir: join(journal.dir, 'logs') });
    expect(order).toEqual(['h1 server', 'h2 join']);
    expect(result.outcome).toBe('failed');
    expect(result.states.get(broken.id)).toBe('failed');
    expect(result.states.get(after.id)).toBe('blocked');
    expect(h2.has('after')).toBe(false);
  });

  it('reports not-permitted settings without failing, and honours a skip with its reason', async () => {
    const h: FakeHostState = new Map();
    const global = fakeSettingStep(h, 'h1', 'rmem_max', '1', { notPermitted: 'a global sysctl cannot be set inside a container' });
    const skipped = fakeSettingStep(h, 'h1', 'governor', 'performance');
    const p = project();
    const journal = p.open();
    const result = await applySteps([global, skipped], {
      hosts: fakeHostAccess(['h1']), journal, history: p.history(), logDir: join(journal.dir, 'logs'),
      skip: new Map([[skipped.id, 'vendor BIOS controls frequency']]),
    });
    expect(result.outcome).toBe('succeeded');
    expect(readJournal(journal.file).map((r) => r.type)).toEqual(['step-not-permitted', 'step-skipped']);
    expect(readJournal(journal.file)[1]).toMatchObject({ reason: 'vendor BIOS controls frequency' });
  });
});

describe('resume and revert', () => {
  it('keeps the originals recorded before the first change, even after a crash and a rerun', async () => {
    const h: FakeHostState = new Map([['rings', '256']]);
    const p = project();
    // First run dies after apply changed the host but before it journaled "applied".
    const crashing = fakeSettingStep(h, 'h1', 'rings', '1024', { onApply: () => { h.set('rings', '512'); throw new Error('killed'); } });
    const j1 = p.open();
    await applySteps([crashing], { hosts: fakeHostAccess(['h1']), journal: j1, history: p.history(), logDir: join(j1.dir, 'logs') });
    expect(h.get('rings')).toBe('512');
    // The rerun sees 512 on the host, but the original was 256.
    const j2 = p.open();
    const rerun = await applySteps([fakeSettingStep(h, 'h1', 'rings', '1024')], { hosts: fakeHostAccess(['h1']), journal: j2, history: p.history(), logDir: join(j2.dir, 'logs') });
    expect(rerun.outcome).toBe('succeeded');
    expect(readJournal(j2.file).some((r) => r.type === 'step-captured')).toBe(false);
    const j3 = p.open();
    const reverted = await revertSteps([fakeSettingStep(h, 'h1', 'rings', '1024')], { hosts: fakeHostAccess(['h1']), journal: j3, history: p.history() });
    expect(reverted.outcome).toBe('succeeded');
    expect(h.get('rings')).toBe('256');
    expect(p.history().get('fake/h1/rings')?.originals).toBeUndefined();
  });

  it('a later apply records fresh originals after a revert', async () => {
    const h: FakeHostState = new Map([['mtu', '1500']]);
    const p = project();
    for (const target of ['9000', 'revert', '4000']) {
      const j = p.open();
      if (target === 'revert') await revertSteps([fakeSettingStep(h, 'h1', 'mtu', '9000')], { hosts: fakeHostAccess(['h1']), journal: j, history: p.history() });
      else await applySteps([fakeSettingStep(h, 'h1', 'mtu', target)], { hosts: fakeHostAccess(['h1']), journal: j, history: p.history(), logDir: join(j.dir, 'logs') });
    }
    expect(h.get('mtu')).toBe('4000');
    expect(p.history().get('fake/h1/mtu')?.originals).toEqual({ value: '1500' });
  });
});

describe('planSteps', () => {
  it('runs only checks and changes nothing', async () => {
    const h: FakeHostState = new Map([['a', '1']]);
    const planned = await planSteps([fakeSettingStep(h, 'h1', 'a', '2'), fakeSettingStep(h, 'h1', 'b', '3')], { hosts: fakeHostAccess(['h1']) });
    expect(planned.map((p) => p.check)).toEqual([
      { state: 'changes', changes: ['a: 1 -> 2'] },
      { state: 'changes', changes: ['b: unset -> 3'] },
    ]);
    expect([...h.entries()]).toEqual([['a', '1']]);
  });
});

describe('newRunId', () => {
  it('numbers runs in order, whatever the clock says', () => {
    const p = project();
    const ids = [new Date('2030-01-01'), new Date('2020-01-01'), new Date('2025-01-01')].map((when) => {
      const id = newRunId(p.runsDir, when);
      new Journal(join(p.runsDir, id), id).close();
      return id;
    });
    expect(ids).toEqual(['0001-20300101T000000Z', '0002-20200101T000000Z', '0003-20250101T000000Z']);
    expect(listRuns(p.runsDir).map((r) => r.run)).toEqual(ids);
  });
});
