/**
 * The terminal.* requests through the real dispatcher, for one face, over a project session whose host connection
 * is a double (shells are FakeShellChannels) and a runs folder with a step log written by hand: what is opened for
 * which payload, what is refused and why, and that a face's terminals end with it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeShellChannel, RecordingFace } from '../../../test/support/terminal-doubles.ts';
import type { EngineEvent } from '../../contract/events.ts';
import { LOCAL_SHELL_HOST } from '../../contract/terminal-requests.ts';
import type { WireResponse } from '../../contract/wire.ts';
import type { ClusterSession } from '../../engine/cluster-session.ts';
import type { ClusterSpec } from '../../project/cluster-spec.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { requestHandlers } from './request-handlers.ts';

const RUN = '0001-20250101T120000Z';

/** A session over h1 (a working host) and bastion (a jump host), whose connection to h1 opens fake shells. */
function fakeSession() {
  const dir = mkdtempSync(join(tmpdir(), 'picket-terminals-'));
  const spec = {
    apiVersion: 'picket/v1',
    kind: 'Cluster',
    name: 'kit',
    mode: 'standalone',
    defaults: { auth: { method: 'agent' } },
    hosts: [
      { name: 'h1', address: '198.18.0.250', roles: ['server', 'sensor', 'data'] },
      { name: 'bastion', address: '198.18.0.1', roles: [] },
    ],
  } as unknown as ClusterSpec;
  const channels: FakeShellChannel[] = [];
  const sizes: [number, number][] = [];
  const connection = {
    shell: async (cols: number, rows: number) => {
      sizes.push([cols, rows]);
      const channel = new FakeShellChannel();
      channels.push(channel);
      return channel;
    },
  };
  const session = { project: { dir, file: join(dir, 'cluster.yaml'), spec }, spec, hosts: [{ name: 'h1', spec: spec.hosts[0], connection }], runsDir: join(dir, 'runs'), close: () => undefined };
  return { session: session as unknown as ClusterSession, channels, sizes, runsDir: session.runsDir };
}

function harness(options: { project?: boolean; onThisMachine?: boolean } = {}) {
  const engine = new EngineService({ log: () => undefined });
  const fake = fakeSession();
  if (options.project !== false) engine.setSession(fake.session);
  const face = new RecordingFace(options.onThisMachine ?? true);
  const handlers = requestHandlers(engine, face);
  const send = (name: string, payload: unknown): Promise<WireResponse> => dispatchRequest(handlers, name, payload, () => undefined);
  const open = async (payload: unknown): Promise<string> => {
    const response = await send('terminal.open', payload);
    if (!response.ok) throw new Error(`${response.error.name}: ${response.error.message}`);
    return (response.result as { terminal: string }).terminal;
  };
  const until = async (condition: (events: EngineEvent[]) => boolean) => {
    for (let i = 0; i < 400 && !condition(face.events); i++) await new Promise((r) => setTimeout(r, 5));
    expect(condition(face.events)).toBe(true);
  };
  return { engine, face, send, open, until, ...fake };
}

const refusal = (response: WireResponse) => (response.ok ? 'ok' : response.error.name);

describe('terminal.open { host }', () => {
  it("opens a shell on a new channel of the host's session connection, sized as asked", async () => {
    const h = harness();
    const id = await h.open({ host: 'h1', cols: 120, rows: 40 });
    expect(h.sizes).toEqual([[120, 40]]);
    expect(h.face.events[0]).toEqual({ type: 'entity.created', entity: { kind: 'terminal', id, value: { terminal: id, host: 'h1', status: 'open' } } });
    h.channels[0]!.print('root@h1:~# ');
    await h.until((events) => events.some((e) => e.type === 'terminal.data' && e.data === 'root@h1:~# '));
    expect(refusal(await h.send('terminal.input', { terminal: id, data: 'exit\r' }))).toBe('ok');
    expect(h.channels[0]!.written).toEqual(['exit\r']);
    expect(refusal(await h.send('terminal.resize', { terminal: id, cols: 100, rows: 30 }))).toBe('ok');
    expect(h.channels[0]!.windows).toEqual([[30, 100, 0, 0]]);
    expect(refusal(await h.send('terminal.ack', { terminal: id, seq: 0 }))).toBe('ok');
    h.channels[0]!.end(0);
    expect(h.face.events).toContainEqual({ type: 'terminal.exit', terminal: id, code: 0, signal: null });
    expect(refusal(await h.send('terminal.close', { terminal: id }))).toBe('ok');
  });

  it('refuses a host the open project does not have, a jump host, and any host with no project open', async () => {
    const h = harness();
    const unknown = await h.send('terminal.open', { host: 'h9', cols: 80, rows: 24 });
    expect(unknown).toMatchObject({ ok: false, error: { name: 'UnknownHost', message: expect.stringContaining('"h9" is not a host of') } });
    const jump = await h.send('terminal.open', { host: 'bastion', cols: 80, rows: 24 });
    expect(jump).toMatchObject({ ok: false, error: { name: 'UnknownHost', message: expect.stringContaining('jump host') } });
    expect(refusal(await harness({ project: false }).send('terminal.open', { host: 'h1', cols: 80, rows: 24 }))).toBe('NoProject');
    expect(h.channels).toEqual([]);
  });

  it('refuses a payload that is neither a shell nor a step, or both', async () => {
    const h = harness();
    for (const payload of [{ host: 'h1' }, { host: 'h1', run: RUN, step: 'fake/h1/x', cols: 80, rows: 24 }, { run: RUN }, { host: 'h1', cols: 0, rows: 24 }]) {
      expect(refusal(await h.send('terminal.open', payload)), JSON.stringify(payload)).toBe('InvalidRequest');
    }
  });

  it(`opens ${LOCAL_SHELL_HOST} only for a face on this machine`, async () => {
    const remote = harness({ onThisMachine: false });
    expect(await remote.send('terminal.open', { host: LOCAL_SHELL_HOST, cols: 80, rows: 24 })).toMatchObject({ ok: false, error: { name: 'LocalShellRefused' } });
  });
});

describe('terminal.open { run, step }', () => {
  function withLog(h: ReturnType<typeof harness>, text: string): void {
    const dir = join(h.runsDir, RUN, 'logs', 'h1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'nic-rings_cap0.log'), text);
  }

  it('replays a finished step’s log, read-only, and ends at its end', async () => {
    const h = harness();
    withLog(h, '$ ethtool -G cap0 rx 1024\nwill change: rx 256 -> 1024\n');
    const id = await h.open({ run: RUN, step: 'tuning/h1/nic-rings/cap0' });
    await h.until((events) => events.some((e) => e.type === 'terminal.exit'));
    expect(h.face.chunks(id).map((c) => c.data).join('')).toBe('$ ethtool -G cap0 rx 1024\nwill change: rx 256 -> 1024\n');
    expect(h.face.events).toContainEqual({ type: 'terminal.exit', terminal: id, code: null, signal: null });
    expect(h.face.events.find((e) => e.type === 'entity.created')).toMatchObject({ entity: { value: { host: 'h1' } } });
    expect(refusal(await h.send('terminal.input', { terminal: id, data: 'x' }))).toBe('TerminalClosed');
  });

  it('refuses input while it follows a running step', async () => {
    const h = harness();
    withLog(h, 'checking\n');
    h.engine.beginRun({ run: RUN, command: 'apply', status: 'running', paused: false, resumed: false, journal: join(h.runsDir, RUN, 'journal.jsonl') }, new AbortController(), new Promise(() => undefined));
    const id = await h.open({ run: RUN, step: 'tuning/h1/nic-rings/cap0' });
    expect(refusal(await h.send('terminal.input', { terminal: id, data: 'rm -rf /\r' }))).toBe('ReadOnlyTerminal');
    await h.send('terminal.close', { terminal: id });
  });

  it('refuses runs and steps that are not there, or that try to leave the runs folder', async () => {
    const h = harness();
    withLog(h, 'x\n');
    const cases: [unknown, string][] = [
      [{ run: '../../etc', step: 'tuning/h1/x' }, 'NoSuchRun'],
      [{ run: '0009-20250101T120000Z', step: 'tuning/h1/x' }, 'NoSuchRun'],
      [{ run: RUN, step: 'tuning/../../../etc/passwd' }, 'NoSuchStep'],
      [{ run: RUN, step: 'tuning/h9/x' }, 'NoSuchStep'],
      [{ run: RUN, step: 'tuning/h1' }, 'NoSuchStep'],
      [{ run: RUN, step: 'tuning/h1/never-ran' }, 'NoStepLog'],
    ];
    for (const [payload, name] of cases) expect(refusal(await h.send('terminal.open', payload)), JSON.stringify(payload)).toBe(name);
  });
});

describe('a face and its terminals', () => {
  it('answers requests about another face’s terminal or an unknown one with NoSuchTerminal, closing one twice with ok', async () => {
    const h = harness();
    const other = harness();
    const id = await other.open({ host: 'h1', cols: 80, rows: 24 });
    expect(refusal(await h.send('terminal.input', { terminal: id, data: 'x' }))).toBe('NoSuchTerminal');
    expect(refusal(await h.send('terminal.ack', { terminal: id, seq: 0 }))).toBe('NoSuchTerminal');
    expect(refusal(await other.send('terminal.ack', { terminal: id, seq: 5 }))).toBe('InvalidAck');
    expect(refusal(await h.send('terminal.close', { terminal: id }))).toBe('ok');
    expect(other.channels[0]!.closed).toBe(false);
  });

  it('hangs up every terminal of a face that disconnects', async () => {
    const h = harness();
    await h.open({ host: 'h1', cols: 80, rows: 24 });
    await h.open({ host: 'h1', cols: 80, rows: 24 });
    h.face.disconnect();
    expect(h.channels.map((c) => c.closed)).toEqual([true, true]);
    expect(refusal(await h.send('terminal.open', { host: 'h1', cols: 80, rows: 24 }))).toBe('FaceGone');
  });
});
