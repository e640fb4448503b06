/**
 * preflight.waive and preflight.unwaive over a real project folder (no host is contacted): the waiver lands in
 * cluster.yaml as a user would write it, the last findings are judged again, and the faces hear both.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecordingFace } from '../../../test/support/terminal-doubles.ts';
import { resultOf } from '../../../test/support/serve-doubles.ts';
import type { EngineEvent } from '../../contract/events.ts';
import type { Finding } from '../../preflight/finding.ts';
import { clusterTemplate } from '../../project/cluster-template.ts';
import { addHost } from '../../project/edit-cluster-hosts.ts';
import { createProject } from '../../project/project-folder.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { requestHandlers } from './request-handlers.ts';

type Outcome = { waivers: { check: string; host: string | null; reason: string }[]; findings: { check: string; host: string | null; waiver: { reason: string } | null }[] | null; blocking: number };

async function harness() {
  const dir = join(mkdtempSync(join(tmpdir(), 'picket-waivers-')), 'kit');
  const agent = { method: 'agent' as const };
  let text = clusterTemplate({ name: 'kit', mode: 'cluster' });
  text = addHost(text, { name: 'server-1', address: '198.18.0.249', roles: ['server', 'data'], auth: agent });
  text = addHost(text, { name: 'sensor-1', address: '198.18.0.250', roles: ['sensor'], auth: agent });
  const paths = await createProject(dir, { name: 'kit', mode: 'cluster', clusterYaml: text });
  const engine = new EngineService({ log: () => undefined });
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  const handlers = requestHandlers(engine, new RecordingFace());
  const send = (name: string, payload: unknown) => dispatchRequest(handlers, name, payload, () => undefined);
  resultOf(await send('project.open', { path: dir }));
  return { engine, events, send, file: paths.clusterFile };
}

const failing: Finding[] = [
  { severity: 'fail', host: 'sensor-1', check: 'role-resources', message: '2 cores, a sensor needs 8', fix: 'use a bigger host' },
  { severity: 'fail', host: null, check: 'clock-skew', message: 'clocks differ by 9 s', fix: 'run chrony' },
  { severity: 'warn', host: 'server-1', check: 'mtu-consistency', message: 'm', fix: 'f' },
];

describe('preflight.waive', () => {
  it('writes the waiver to cluster.yaml, judges the last findings again, and tells the faces', async () => {
    const h = await harness();
    h.engine.rememberFindings(failing);
    const outcome = resultOf<Outcome>(await h.send('preflight.waive', { check: 'role-resources', host: 'sensor-1', reason: ' lab host: 2 cores ' }));
    expect(outcome.waivers).toEqual([{ check: 'role-resources', host: 'sensor-1', reason: 'lab host: 2 cores' }]);
    expect(outcome.blocking).toBe(1);
    expect(outcome.findings?.map((f) => [f.check, f.waiver?.reason ?? null])).toEqual([
      ['role-resources', 'lab host: 2 cores'],
      ['clock-skew', null],
      ['mtu-consistency', null],
    ]);
    expect(readFileSync(h.file, 'utf8')).toContain('- {check: role-resources, host: sensor-1, reason: "lab host: 2 cores"}');
    const lastFindings = h.events.filter((e) => e.type === 'preflight.findings').at(-1);
    expect(lastFindings).toMatchObject({ findings: [{ check: 'role-resources', waiver: { reason: 'lab host: 2 cores' } }, { check: 'clock-skew', waiver: null }, {}] });
    const project = h.events.filter((e) => e.type === 'entity.created' && e.entity.kind === 'project').at(-1);
    expect(project).toMatchObject({ entity: { value: { waivers: outcome.waivers } } });

    const all = resultOf<Outcome>(await h.send('preflight.waive', { check: 'clock-skew', reason: 'GPS clock arrives tomorrow' }));
    expect(all.blocking).toBe(0);
    expect(all.waivers.map((w) => `${w.check} ${w.host}`)).toEqual(['role-resources sensor-1', 'clock-skew null']);
  });

  it('removes a waiver, after which the failure blocks again', async () => {
    const h = await harness();
    h.engine.rememberFindings(failing);
    await h.send('preflight.waive', { check: 'clock-skew', reason: 'GPS clock arrives tomorrow' });
    const removed = resultOf<Outcome>(await h.send('preflight.unwaive', { check: 'clock-skew' }));
    expect([removed.waivers, removed.blocking]).toEqual([[], 2]);
    expect(readFileSync(h.file, 'utf8')).not.toMatch(/^preflight:/m);
  });

  it('says what is wrong and changes nothing: an unknown host, a waiver that is not there, no reason', async () => {
    const h = await harness();
    const before = readFileSync(h.file, 'utf8');
    expect(await h.send('preflight.waive', { check: 'role-resources', host: 'sensor-9', reason: 'x' })).toMatchObject({ ok: false, error: { name: 'UnknownHost', host: 'sensor-9' } });
    expect(await h.send('preflight.unwaive', { check: 'clock-skew', host: 'sensor-1' })).toMatchObject({
      ok: false,
      error: { name: 'WaiverEditRefused', message: 'cluster.yaml has no waiver of clock-skew for sensor-1: nothing to remove' },
    });
    expect(await h.send('preflight.waive', { check: 'clock-skew', reason: '  ' })).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(await h.send('preflight.waive', { check: 'Clock Skew', reason: 'x' })).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(readFileSync(h.file, 'utf8')).toBe(before);
  });

  it('answers no findings before preflight has run', async () => {
    const h = await harness();
    expect(resultOf<Outcome>(await h.send('preflight.waive', { check: 'clock-skew', reason: 'GPS' }))).toMatchObject({ findings: null, blocking: 0 });
  });
});
