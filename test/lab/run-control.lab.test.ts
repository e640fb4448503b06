/**
 * The wizard's run control on three real lab hosts, through `picket serve` and the renderer's WebSocket transport:
 * a failed preflight check waived (the install refused before, allowed after); a step that fails on one host while the others go on, retried once its cause is gone; one applied step reverted
 * to the host's original value; a run paused (steps in flight finish, none starts) with a step skipped meanwhile,
 * journaled with its reason, then resumed to the end; and the skipped step run by a retry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, EventOf } from '../../provisioning/contract/events.ts';
import type { StepState } from '../../provisioning/contract/step-state.ts';
import { listRuns, type JournalRecord } from '../../provisioning/engine/journal.ts';
import { startPicketServer, type PicketServer } from '../../provisioning/server/picket-server.ts';
import { TUNE_SCRIPT } from '../../provisioning/tuning/steps/capture-persistence-steps.ts';
import type { EngineClient } from '../../renderer/api/engine-client.ts';
import { hostSnapshot, onLabHost } from '../support/host-snapshot.ts';
import { labHosts } from '../support/lab-hosts.ts';
import { labProject } from '../support/lab-project.ts';
import { runPicket } from '../support/run-picket.ts';
import { connectFace } from '../support/terminal-face.ts';
import type { LabHost } from './lab.ts';

const SCRIPT_STEP = 'tuning/lab-2/capture-script';
const LINK_STEP = 'tuning/lab-2/cap0-link';
const ACTIVE: StepState[] = ['checking', 'applying', 'verifying', 'reverting'];
/** A directory where the script's temporary copy goes: writing the script fails until it is removed. */
const BLOCKER = `${TUNE_SCRIPT}.picket-new`;

let hosts: LabHost[];
let project: string;
let server: PicketServer;
let client: EngineClient;
const events: EngineEvent[] = [];
const serverLog: string[] = [];

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function ask<T>(response: Promise<{ ok: true; result: T } | { ok: false; error: { name: string; message: string } }>): Promise<T> {
  const answer = await response;
  if (!answer.ok) throw new Error(`${answer.error.name}: ${answer.error.message}`);
  return answer.result;
}

const finished = (run: string) => events.find((e): e is EventOf<'run.finished'> => e.type === 'run.finished' && e.run === run);
const waitFinished = async (run: string) => {
  await until(() => finished(run) !== undefined, `run ${run} to finish`);
  return finished(run)!.outcome;
};
/** Each step's latest state in a run, from the events the face heard. */
function statesIn(run: string): Map<string, EventOf<'step.state'>> {
  const states = new Map<string, EventOf<'step.state'>>();
  for (const e of events) if (e.type === 'step.state' && e.run === run) states.set(e.step, e);
  return states;
}
const journal = (run: string): JournalRecord[] => listRuns(join(project, 'runs')).find((r) => r.run === run)?.records ?? [];
/** Whether cap0 is promiscuous (its `mtu promisc mac` line, read from cap0's part of the snapshot only). */
const cap0Promiscuous = (host: LabHost) => /\n\d+ True /.test(hostSnapshot(host).split('== cap1')[0]!.split('== cap0')[1]!);

beforeAll(async () => {
  hosts = (await labHosts()).slice(0, 3);
  project = await labProject(3);
  server = await startPicketServer({ staticRoot: '/nonexistent', log: (line) => serverLog.push(line) });
  client = connectFace(server.url);
  client.onAny((e) => events.push(e));
  client.ready();
  await ask(client.request('project.open', { path: project }));
});

// Whatever failed above, the shared lab hosts go back to their originals for the suites after this one.
afterAll(async () => {
  client?.close();
  await server?.close();
  if (hosts) onLabHost(hosts[1]!, `rm -rf ${BLOCKER}`);
  if (project) await runPicket(['reset', '-f', join(project, 'cluster.yaml'), '--phase', 'tuning', '--yes']);
});

describe('waivers through picket serve', () => {
  it('an unwaived failure refuses apply; waived with a reason in cluster.yaml, the install may go ahead', async () => {
    // The lab spec waives role-resources (2 cores) for every host: take it out, and preflight blocks.
    const unwaived = await ask(client.request('preflight.unwaive', { check: 'role-resources' }));
    expect(unwaived.waivers).toEqual([]);
    const checked = await ask(client.request('preflight.run', { captureSeconds: 1 }));
    expect(checked.blocking).toBeGreaterThan(0);
    expect(await client.request('apply.start', { captureSeconds: 1 })).toMatchObject({ ok: false, error: { name: 'PreflightRefused' } });
    expect(listRuns(join(project, 'runs'))).toEqual([]);

    const waived = await ask(client.request('preflight.waive', { check: 'role-resources', reason: 'lab hosts: 2 cores, one disk' }));
    expect(waived.blocking).toBe(0);
    expect(readFileSync(join(project, 'cluster.yaml'), 'utf8')).toContain('- {check: role-resources, reason: "lab hosts: 2 cores, one disk"}');
  });
});

describe('run control through picket serve', () => {
  let failedRun: string;

  it('a step that fails on lab-2 stops lab-2 alone; the other hosts finish', async () => {
    onLabHost(hosts[1]!, `mkdir -p ${BLOCKER}/x`);
    const started = await ask(client.request('apply.start', { captureSeconds: 1 }));
    if (started.status !== 'started') throw new Error('nothing to change on a fresh lab');
    failedRun = started.run;
    expect(await waitFinished(failedRun)).toBe('failed');
    // The waiver it went ahead under is journaled with its reason, as picket apply journals it.
    expect(journal(failedRun).find((r) => r.type === 'check-waived')).toMatchObject({ check: 'role-resources', reason: 'lab hosts: 2 cores, one disk' });
    const states = statesIn(failedRun);
    expect(states.get(SCRIPT_STEP)).toMatchObject({ state: 'failed', detail: expect.stringMatching(/write \/usr\/local\/sbin\/picket-capture-nic failed/) });
    const lab2After = [...states.values()].filter((s) => s.host === 'lab-2' && s.step.includes('persist'));
    expect(lab2After.every((s) => s.state === 'blocked')).toBe(true);
    for (const host of ['lab-1', 'lab-3']) {
      const theirs = [...states.values()].filter((s) => s.host === host);
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.filter((s) => !['verified', 'in-sync', 'not-permitted'].includes(s.state)), host).toEqual([]);
    }
  });

  it('a retry after the cause is removed succeeds, journaled as a retry of the failed run', async () => {
    onLabHost(hosts[1]!, `rm -rf ${BLOCKER}`);
    const retried = await ask(client.request('step.retry', { run: failedRun, step: SCRIPT_STEP }));
    expect(retried).toMatchObject({ step: SCRIPT_STEP, state: 'pending' });
    expect(retried.run).not.toBe(failedRun);
    expect(await waitFinished(retried.run)).toBe('succeeded');
    expect(statesIn(retried.run).get(SCRIPT_STEP)?.state).toBe('verified');
    expect(journal(retried.run).find((r) => r.type === 'step-retried')).toMatchObject({ step: SCRIPT_STEP, host: 'lab-2', from: failedRun });
    expect(hostSnapshot(hosts[1]!)).toContain(`exists ${TUNE_SCRIPT}`);
    expect(cap0Promiscuous(hosts[1]!)).toBe(true);
  });

  it('a revert of one applied step puts the host back to its original value for that step only', async () => {
    const reverted = await ask(client.request('step.revert', { step: LINK_STEP }));
    expect(reverted).toMatchObject({ step: LINK_STEP, state: 'reverted' });
    const lab2 = hostSnapshot(hosts[1]!);
    expect(lab2).toMatch(/== cap0[\s\S]*?\n1500 False /); // promiscuous off again on cap0
    expect(lab2).toMatch(/== cap1[\s\S]*?\n1500 True /); // cap1 keeps its tuning
    expect(journal(reverted.run).map((r) => r.type)).toEqual(['run-started', 'step-reverted', 'run-finished']);
    expect(journal(reverted.run)[0]).toMatchObject({ command: 'reset', hosts: ['lab-2'] });
  });

  it('pause finishes the steps in flight and starts none; a step skipped meanwhile is journaled; resume finishes', async () => {
    const started = await ask(client.request('apply.start', { captureSeconds: 1 }));
    if (started.status !== 'started') throw new Error('the reverted step should be a change to apply');
    const { run } = started;
    expect(await ask(client.request('apply.pause', { run }))).toEqual({ run, paused: true });
    await until(() => [...statesIn(run).values()].every((s) => !ACTIVE.includes(s.state)), 'the steps in flight to settle');
    const settledWhenPaused = [...statesIn(run).values()].filter((s) => s.state !== 'pending').map((s) => s.step);
    // Real round trips to every host give a runner that ignored the pause ample time to start another step.
    for (const host of hosts) onLabHost(host, 'true');
    await ask(client.request('terminal.open', { host: 'lab-1', cols: 80, rows: 24 })).then((t) => ask(client.request('terminal.close', t)));
    expect([...statesIn(run).values()].filter((s) => s.state !== 'pending').map((s) => s.step)).toEqual(settledWhenPaused);
    expect(settledWhenPaused.length).toBeLessThanOrEqual(hosts.length);
    expect(statesIn(run).get(LINK_STEP)?.state).toBe('pending');

    expect(await ask(client.request('step.skip', { run, step: LINK_STEP, reason: 'TAP on cap0 arrives tomorrow' }))).toEqual({ run, step: LINK_STEP, state: 'pending' });
    expect(await ask(client.request('apply.resume', { run }))).toEqual({ run, paused: false });
    expect(await waitFinished(run)).toBe('succeeded');
    expect(statesIn(run).get(LINK_STEP)).toMatchObject({ state: 'skipped', detail: 'TAP on cap0 arrives tomorrow' });
    const records = journal(run);
    expect(records.find((r) => r.type === 'step-skipped')).toMatchObject({ step: LINK_STEP, host: 'lab-2', reason: 'TAP on cap0 arrives tomorrow' });
    expect(records.map((r) => r.type)).toEqual(expect.arrayContaining(['run-paused', 'run-resumed']));
    expect(records.findIndex((r) => r.type === 'run-paused')).toBeLessThan(records.findIndex((r) => r.type === 'run-resumed'));
    expect(cap0Promiscuous(hosts[1]!)).toBe(false); // skipped: left as it was

    // The skipped step, retried, is applied by the next run.
    const retried = await ask(client.request('step.retry', { run, step: LINK_STEP }));
    expect(await waitFinished(retried.run)).toBe('succeeded');
    expect(statesIn(retried.run).get(LINK_STEP)?.state).toBe('verified');
    expect(cap0Promiscuous(hosts[1]!)).toBe(true);
  });

  it('logged nothing unexpected', () => {
    expect(serverLog).toEqual([]);
  });
});
