import { describe, expect, it } from 'vitest';
import { EventReplay } from './event-replay.ts';

const step = (state: 'applying' | 'verified' | 'failed', s = 'tuning/h1/mtu') => ({ type: 'step.state' as const, run: 'r1', step: s, host: 'h1', state });

describe('EventReplay', () => {
  it('replays the last findings and each run as it stands: latest state per step, the end of its output, how it ended', () => {
    const replay = new EventReplay();
    replay.remember({ type: 'preflight.findings', findings: [] });
    replay.remember({ type: 'run.started', run: 'r1', steps: [{ id: 'tuning/h1/mtu', title: 'MTU', host: 'h1', phase: 'tuning' }] });
    replay.remember(step('applying'));
    replay.remember({ type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: 'a'.repeat(40_000) });
    replay.remember({ type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: 'end\n' });
    replay.remember(step('verified'));
    replay.remember({ type: 'run.finished', run: 'r1', outcome: 'succeeded' });
    replay.remember({ type: 'step.state', run: 'unknown', step: 's', host: 'h', state: 'failed' });

    const events = replay.events();
    expect(events.map((e) => e.type)).toEqual(['preflight.findings', 'run.started', 'step.state', 'step.output', 'run.finished']);
    expect(events[2]).toEqual(step('verified'));
    const output = events[3];
    expect(output?.type === 'step.output' && [output.text.length, output.text.endsWith('aend\n')]).toEqual([32 * 1024, true]);
  });

  it('keeps the last few runs, and forgets findings when another project opens', () => {
    const replay = new EventReplay();
    replay.remember({ type: 'preflight.findings', findings: [] });
    for (let i = 1; i <= 6; i++) replay.remember({ type: 'run.started', run: `r${i}`, steps: [] });
    replay.forgetFindings();
    expect(replay.events().map((e) => (e.type === 'run.started' ? e.run : e.type))).toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  it('replays the last whole plan in its place among the runs, or before everything once the hosts changed since', () => {
    const plan = { type: 'plan.ready' as const, plan: { hosts: [], changes: 3, errors: 0 } };
    const order = (replay: EventReplay) => replay.events().map((e) => (e.type === 'run.started' ? e.run : e.type));
    const replay = new EventReplay();
    replay.remember({ type: 'run.started', run: 'r1', steps: [] });
    replay.remember(plan);
    // A phase's plan is not the project's: the whole one stays.
    replay.remember({ type: 'plan.ready', phase: 'tuning', plan: { hosts: [], changes: 1, errors: 0 } });
    replay.remember({ type: 'run.started', run: 'r2', steps: [] });
    replay.remember({ type: 'run.finished', run: 'r2', outcome: 'succeeded' });
    expect(order(replay)).toEqual(['r1', 'plan.ready', 'r2', 'run.finished']);
    expect(replay.events().find((e) => e.type === 'plan.ready')).toEqual(plan);
    expect(replay.beforeEntities()).toEqual([]);

    replay.remember({ type: 'inventory.host', host: 'h1', status: 'planned', inventory: null, problems: [] });
    expect(order(replay)).toEqual(['r1', 'r2', 'run.finished']);
    expect(replay.beforeEntities()).toEqual([plan]);

    replay.forgetPlan();
    expect(replay.beforeEntities()).toEqual([]);
    expect(order(replay)).toEqual(['r1', 'r2', 'run.finished']);
  });
});
