/**
 * project.open of a project that was installed before this engine started (the app closed and opened again): its
 * last install comes back from the journal, for every face, as if it had been watched.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultOf } from '../../../test/support/serve-doubles.ts';
import { RecordingFace } from '../../../test/support/terminal-doubles.ts';
import type { EngineEvent } from '../../contract/events.ts';
import { Journal } from '../../engine/journal.ts';
import { clusterTemplate } from '../../project/cluster-template.ts';
import { addHost } from '../../project/edit-cluster-hosts.ts';
import { createProject } from '../../project/project-folder.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { requestHandlers } from './request-handlers.ts';

describe('project.open', () => {
  it('brings back the last install from the journal, once, and a face connecting later sees it too', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'picket-reopen-')), 'kit');
    const text = addHost(clusterTemplate({ name: 'kit', mode: 'standalone' }), { name: 'h1', address: '198.18.0.250', roles: ['server', 'sensor', 'data'], auth: { method: 'agent' } });
    await createProject(dir, { name: 'kit', mode: 'standalone', clusterYaml: text });
    const run = '0001-20260101T000000Z';
    const journal = new Journal(join(dir, 'runs', run), run);
    journal.append({ type: 'run-started', command: 'apply', phases: ['tuning'], hosts: ['h1'], steps: [{ id: 'tuning/h1/mtu', title: 'MTU', host: 'h1', phase: 'tuning' }] });
    journal.append({ type: 'step-failed', step: 'tuning/h1/mtu', host: 'h1', error: 'h1: connection lost' });
    journal.append({ type: 'run-finished', outcome: 'failed' });
    journal.close();

    const engine = new EngineService({ log: () => undefined });
    const events: EngineEvent[] = [];
    engine.subscribe((e) => events.push(e));
    const send = (name: string, payload: unknown) => dispatchRequest(requestHandlers(engine, new RecordingFace()), name, payload, () => undefined);
    resultOf(await send('project.open', { path: dir }));
    expect(engine.runSummary(run)).toEqual({ run, command: 'apply', status: 'failed', paused: false, resumed: false, journal: join(dir, 'runs', run, 'journal.jsonl') });
    const failed = { type: 'step.state', run, step: 'tuning/h1/mtu', host: 'h1', state: 'failed', detail: 'h1: connection lost' };
    expect(events).toContainEqual(failed);
    expect(engine.snapshot()).toContainEqual(failed);

    const before = events.length;
    resultOf(await send('project.open', { path: dir }));
    expect(events.slice(before).filter((e) => e.type === 'run.started' || e.type === 'step.state')).toEqual([]);
  });
});
