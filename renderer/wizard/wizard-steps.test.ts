import { describe, expect, it } from 'vitest';
import type { HostSummary } from '../../provisioning/contract/project-summary.ts';
import { sampleInventory } from '../test-support/sample-inventory.ts';
import { EMPTY_PLAN } from '../store/plan-store.ts';
import { resumeStep, stepStatuses, type WizardFacts } from './wizard-steps.ts';

const host = (name: string): HostSummary => ({
  name,
  address: '10.0.0.1',
  port: 22,
  user: 'root',
  roles: ['sensor'],
  sudo: false,
  jump: null,
  login: { method: 'agent' },
  capture: [],
  status: 'new',
  problems: [],
});
const none: WizardFacts = { project: null, hosts: [], discovery: {}, findings: null, plan: EMPTY_PLAN, latestRun: null };
const project = { dir: '/k', file: '/k/cluster.yaml', name: 'kit', mode: 'cluster' as const, missing: [], waivers: [] };
const discovered = { status: 'planned' as const, inventory: sampleInventory(), problems: [] };

describe('stepStatuses and resumeStep', () => {
  it('a new page with no project starts at Cluster, every later step locked', () => {
    const statuses = stepStatuses(none);
    expect(Object.values(statuses).map((s) => s.progress)).toEqual(['todo', 'locked', 'locked', 'locked', 'locked', 'locked', 'locked']);
    expect(resumeStep(none)).toBe('cluster');
  });

  it('follows the project through hosts, discovery and what is missing, to the plan', () => {
    const noHosts = { ...none, project: { ...project, missing: [{ host: null, path: 'hosts', message: 'no hosts yet' }] } };
    expect(resumeStep(noHosts)).toBe('hosts');
    const added = { ...noHosts, hosts: [host('a'), host('b')] };
    expect(resumeStep(added)).toBe('discover');
    expect(stepStatuses(added).discover.note).toBe('0 of 2 discovered');

    const oneFailed = { ...added, discovery: { a: discovered, b: { status: 'problem' as const, inventory: null, problems: ['b: authentication failed'] } } };
    expect(stepStatuses(oneFailed).discover).toEqual({ progress: 'attention', note: '1 host with problems' });
    expect(stepStatuses(oneFailed).roles.progress).toBe('attention'); // reachable once any host is discovered; still something to choose

    const missingCapture = { ...added, project: { ...project, missing: [{ host: 'b', path: 'hosts[1].capture', message: 'needs capture' }] }, discovery: { a: discovered, b: discovered } };
    expect(resumeStep(missingCapture)).toBe('roles');
    expect(stepStatuses(missingCapture).plan).toEqual({ progress: 'locked', note: 'choose roles and NICs first' });

    const complete = { ...missingCapture, project };
    expect(resumeStep(complete)).toBe('plan');
    const blocked = { ...complete, findings: [{ severity: 'fail' as const, host: 'a', check: 'role-resources', message: 'm', fix: 'f', waiver: null }] };
    expect(stepStatuses(blocked).discover).toEqual({ progress: 'attention', note: '1 failed check' });
    expect(stepStatuses({ ...complete, plan: { plan: { hosts: [], changes: 4, errors: 0 }, stale: false } }).plan).toEqual({ progress: 'done', note: '4 changes' });
    expect(stepStatuses({ ...complete, plan: { plan: { hosts: [], changes: 4, errors: 0 }, stale: true } }).plan.note).toBe('hosts changed: plan again');
  });

  it('resumes at the run: Install while it runs or after it failed, Done once it succeeded', () => {
    const base = { ...none, project, hosts: [host('a')], discovery: { a: discovered } };
    const run = { run: 'r1', command: 'apply' as const, paused: false, resumed: false, journal: '/k/runs/r1/journal.jsonl' };
    expect(resumeStep({ ...base, latestRun: { ...run, status: 'running' } })).toBe('install');
    expect(stepStatuses({ ...base, latestRun: { ...run, status: 'running' } }).install.progress).toBe('running');
    expect(resumeStep({ ...base, latestRun: { ...run, status: 'failed' } })).toBe('install');
    expect(resumeStep({ ...base, latestRun: { ...run, status: 'succeeded' } })).toBe('done');
  });
});
