import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { HostSummary, ProjectInfo } from '../../provisioning/contract/project-summary.ts';
import type { RunSummary } from '../../provisioning/contract/run-summary.ts';
import { sampleInventory } from '../test-support/sample-inventory.ts';
import { EMPTY_DISCOVERY, reduceDiscovery } from './discovery-store.ts';
import { EMPTY_HOST_KEYS, reduceHostKeys } from './host-key-store.ts';
import { EMPTY_PLAN, reducePlan } from './plan-store.ts';
import { EMPTY_PROJECT, reduceProject, workingHosts } from './project-store.ts';
import { EMPTY_RUNS, latestRun, OUTPUT_KEPT_CHARS, reduceRuns, shownStepStatus, stepStatus } from './run-store.ts';

const project: ProjectInfo = { dir: '/kits/a', file: '/kits/a/cluster.yaml', name: 'a', mode: 'cluster', missing: [], waivers: [] };
const host = (name: string, roles: HostSummary['roles'] = ['sensor']): HostSummary => ({
  name,
  address: '10.0.0.1',
  port: 22,
  user: 'root',
  roles,
  sudo: false,
  jump: null,
  login: { method: 'agent' },
  capture: [],
  status: 'new',
  problems: [],
});
const created = (entity: Extract<EngineEvent, { type: 'entity.created' }>['entity']): EngineEvent => ({ type: 'entity.created', entity });
const run = (status: RunSummary['status']): RunSummary => ({ run: 'r1', command: 'apply', status, paused: false, resumed: false, journal: '/kits/a/runs/r1/journal.jsonl' });

function fold<S>(reduce: (s: S, e: EngineEvent) => S, initial: S, events: EngineEvent[]): S {
  return events.reduce(reduce, initial);
}

describe('the project store', () => {
  it('mirrors the project and its hosts in the engine’s order, replacing whole values, never merging', () => {
    const state = fold(reduceProject, EMPTY_PROJECT, [
      created({ kind: 'project', id: project.dir, value: project }),
      created({ kind: 'host', id: 'server-1', value: host('server-1', ['server']) }),
      created({ kind: 'host', id: 'sensor-1', value: host('sensor-1') }),
      { type: 'entity.updated', entity: { kind: 'host', id: 'server-1', value: { ...host('server-1', ['server']), status: 'planned' } } },
      created({ kind: 'host', id: 'bastion', value: host('bastion', []) }),
    ]);
    expect(state.project).toEqual(project);
    expect(state.hosts.map((h) => [h.name, h.status])).toEqual([['server-1', 'planned'], ['sensor-1', 'new'], ['bastion', 'new']]);
    expect(workingHosts(state.hosts).map((h) => h.name)).toEqual(['server-1', 'sensor-1']);
    const removed = reduceProject(state, { type: 'entity.removed', kind: 'host', id: 'sensor-1' });
    expect(removed.hosts.map((h) => h.name)).toEqual(['server-1', 'bastion']);
    expect(reduceProject(removed, { type: 'entity.removed', kind: 'project', id: project.dir })).toEqual(EMPTY_PROJECT);
  });

  it('keeps its state object for events about something else (so nothing re-renders)', () => {
    const state = reduceProject(EMPTY_PROJECT, created({ kind: 'project', id: project.dir, value: project }));
    expect(reduceProject(state, { type: 'run.finished', run: 'r', outcome: 'succeeded' })).toBe(state);
    expect(reduceProject(state, created({ kind: 'run', id: 'r1', value: run('running') }))).toBe(state);
  });
});

describe('the discovery store', () => {
  it('keeps each host’s inventory or problems, the last findings, and forgets a removed host', () => {
    const inventory = sampleInventory();
    const state = fold(reduceDiscovery, EMPTY_DISCOVERY, [
      { type: 'inventory.host', host: 'sensor-1', status: 'planned', inventory, problems: [] },
      { type: 'inventory.host', host: 'sensor-2', status: 'problem', inventory: null, problems: ['sensor-2: authentication failed'] },
      { type: 'preflight.findings', findings: [{ severity: 'fail', host: 'sensor-2', check: 'reachable', message: 'm', fix: 'f', waiver: null }] },
    ]);
    expect(state.byHost['sensor-1']?.inventory).toBe(inventory);
    expect(state.byHost['sensor-2']).toEqual({ status: 'problem', inventory: null, problems: ['sensor-2: authentication failed'] });
    expect(state.findings).toHaveLength(1);
    const removed = reduceDiscovery(state, { type: 'entity.removed', kind: 'host', id: 'sensor-2' });
    expect(Object.keys(removed.byHost)).toEqual(['sensor-1']);
    expect(reduceDiscovery(removed, { type: 'entity.removed', kind: 'project', id: '/kits/a' })).toEqual(EMPTY_DISCOVERY);
  });
});

describe('the run store', () => {
  const steps = [
    { id: 'tuning/h1/mtu', title: 'MTU', host: 'h1', phase: 'tuning' },
    { id: 'tuning/h2/mtu', title: 'MTU', host: 'h2', phase: 'tuning' },
  ];

  it('follows a run: its steps, each step’s latest state and why, its output, how it ended', () => {
    const state = fold(reduceRuns, EMPTY_RUNS, [
      created({ kind: 'run', id: 'r1', value: run('running') }),
      { type: 'run.started', run: 'r1', steps },
      { type: 'step.state', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', state: 'applying' },
      { type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: 'ip link set' },
      { type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: ' cap0 mtu 9000\n' },
      { type: 'step.state', run: 'r1', step: 'tuning/h2/mtu', host: 'h2', state: 'failed', detail: 'h2: connection lost' },
      { type: 'run.finished', run: 'r1', outcome: 'failed' },
    ]);
    expect(stepStatus(state, 'r1', 'tuning/h1/mtu')).toEqual({ state: 'applying' });
    expect(stepStatus(state, 'r1', 'tuning/h2/mtu')).toEqual({ state: 'failed', detail: 'h2: connection lost' });
    expect(stepStatus(state, 'r1', 'tuning/h3/none')).toEqual({ state: 'pending' });
    expect(Object.values(state.output)).toEqual(['ip link set cap0 mtu 9000\n']);
    expect(latestRun(state, '/kits/a')?.status).toBe('failed');
    // The engine keeps other projects' runs: they are not this project's.
    expect(latestRun(state, '/kits/b')).toBeNull();
    expect(latestRun(state, null)).toBeNull();
  });

  it('starts a run announced again (resumed) afresh, and keeps only the end of a flood of output', () => {
    let state = fold(reduceRuns, EMPTY_RUNS, [
      { type: 'run.started', run: 'r1', steps },
      { type: 'step.state', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', state: 'failed' },
      { type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: 'x'.repeat(OUTPUT_KEPT_CHARS) },
      { type: 'step.output', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', text: 'the end' },
    ]);
    const output = Object.values(state.output)[0] ?? '';
    expect([output.length, output.endsWith('the end')]).toEqual([OUTPUT_KEPT_CHARS, true]);
    state = reduceRuns(state, { type: 'run.started', run: 'r1', steps });
    expect(stepStatus(state, 'r1', 'tuning/h1/mtu').state).toBe('pending');
    expect(state.output).toEqual({});
    expect(state.order).toEqual(['r1']);
  });
});

describe('a reverted step on its install run', () => {
  const steps = [{ id: 'tuning/h1/mtu', title: 'MTU', host: 'h1', phase: 'tuning' }];
  const reset = { run: 'r2', command: 'reset' as const, status: 'succeeded' as const, paused: false, resumed: false, journal: '/kits/a/runs/r2/journal.jsonl' };

  it('shows as reverted where it was applied, while the install stays the latest run', () => {
    const state = fold(reduceRuns, EMPTY_RUNS, [
      created({ kind: 'run', id: 'r1', value: run('succeeded') }),
      { type: 'run.started', run: 'r1', steps },
      { type: 'step.state', run: 'r1', step: 'tuning/h1/mtu', host: 'h1', state: 'verified' },
      created({ kind: 'run', id: 'r2', value: reset }),
      { type: 'run.started', run: 'r2', steps },
      { type: 'step.state', run: 'r2', step: 'tuning/h1/mtu', host: 'h1', state: 'reverted' },
    ]);
    expect(latestRun(state, '/kits/a')?.run).toBe('r1');
    expect(stepStatus(state, 'r1', 'tuning/h1/mtu')).toEqual({ state: 'verified' });
    expect(shownStepStatus(state, 'r1', 'tuning/h1/mtu')).toEqual({ state: 'reverted' });
    // A later install is the one shown; the reset before it is not laid over it.
    const next = fold(reduceRuns, state, [
      created({ kind: 'run', id: 'r3', value: { ...run('running'), run: 'r3', journal: '/kits/a/runs/r3/journal.jsonl' } }),
      { type: 'step.state', run: 'r3', step: 'tuning/h1/mtu', host: 'h1', state: 'checking' },
    ]);
    expect(latestRun(next, '/kits/a')?.run).toBe('r3');
    expect(shownStepStatus(next, 'r3', 'tuning/h1/mtu')).toEqual({ state: 'checking' });
    // The same object while nothing changed, as a store selector needs.
    expect(shownStepStatus(next, 'r3', 'tuning/h2/none')).toBe(shownStepStatus(next, 'r3', 'tuning/h2/none'));
  });
});

describe('the host-key store', () => {
  it('holds open questions until settled, here or elsewhere, and says how the last one ended', () => {
    const prompt = { type: 'hostKey.prompt' as const, promptId: 'p1', host: 'sensor-1', address: '10.0.0.11', port: 22, keyType: 'ssh-ed25519', fingerprint: `SHA256:${'A'.repeat(43)}` };
    let state = fold(reduceHostKeys, EMPTY_HOST_KEYS, [prompt, prompt]);
    expect(state.prompts).toHaveLength(1);
    state = reduceHostKeys(state, { type: 'hostKey.settled', promptId: 'p1', accepted: false, how: 'expired' });
    expect(state).toEqual({ prompts: [], lastSettled: { host: 'sensor-1', fingerprint: prompt.fingerprint, accepted: false, how: 'expired' } });
  });
});

describe('the plan store', () => {
  it('goes stale when the hosts change or a run finishes, and not otherwise', () => {
    const planned = { plan: { hosts: [], changes: 0, errors: 0 }, stale: false };
    expect(reducePlan(planned, { type: 'step.state', run: 'r', step: 's', host: 'h', state: 'applying' })).toBe(planned);
    expect(reducePlan(planned, { type: 'entity.updated', entity: { kind: 'host', id: 'h', value: host('h') } }).stale).toBe(true);
    expect(reducePlan(planned, { type: 'run.finished', run: 'r', outcome: 'succeeded' }).stale).toBe(true);
    expect(reducePlan(EMPTY_PLAN, { type: 'run.finished', run: 'r', outcome: 'succeeded' })).toBe(EMPTY_PLAN);
  });

  it('takes the plan the engine made (a reloaded page gets it in its snapshot), but not one phase’s', () => {
    const plan = { hosts: [], changes: 2, errors: 0 };
    const stale = { plan: { hosts: [], changes: 5, errors: 0 }, stale: true };
    expect(reducePlan(EMPTY_PLAN, { type: 'plan.ready', plan })).toEqual({ plan, stale: false });
    expect(reducePlan(stale, { type: 'plan.ready', plan })).toEqual({ plan, stale: false });
    expect(reducePlan(stale, { type: 'plan.ready', phase: 'tuning', plan })).toBe(stale);
  });
});
