import { describe, expect, it } from 'vitest';
import { FakeTerminalSession, RecordingFace } from '../../test/support/terminal-doubles.ts';
import { FaceTerminals } from './face-terminals.ts';
import { PAUSE_ABOVE_BYTES } from './terminal-output-flow.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function harness(limit?: number) {
  const face = new RecordingFace();
  const terminals = new FaceTerminals({ send: (event) => face.send(event), ...(limit ? { limit } : {}) });
  face.onClose(() => terminals.closeAll());
  const open = async (session = new FakeTerminalSession(), host = 'lab-1') => ({ session, info: await terminals.open({ host, size: { cols: 80, rows: 24 }, start: async () => session }) });
  return { face, terminals, open };
}

describe('FaceTerminals', () => {
  it('opens a terminal under a fresh id, tells its face, and sends output only from the next turn on', async () => {
    const { face, open } = harness();
    const { session, info } = await open();
    expect(info).toEqual({ terminal: expect.stringMatching(/^term-[0-9a-f]{16}$/), host: 'lab-1', status: 'open' });
    expect(face.events).toEqual([{ type: 'entity.created', entity: { kind: 'terminal', id: info.terminal, value: info } }]);
    session.emit('$ ');
    expect(face.chunks()).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(face.chunks(info.terminal)).toEqual([{ seq: 0, data: '$ ' }]);
  });

  it('passes input through as it is, hostile bytes included, and refuses input to a read-only log', async () => {
    const { terminals, open } = harness();
    const { session, info } = await open();
    const hostile = '\x03\x1b]52;c;ZXZpbA==\x07; rm -rf / #\r';
    terminals.input(info.terminal, hostile);
    expect(session.written).toEqual([hostile]);
    const log = await open(new FakeTerminalSession('step-log', true));
    expect(() => terminals.input(log.info.terminal, 'ls\r')).toThrow(expect.objectContaining({ name: 'ReadOnlyTerminal' }));
  });

  it('pauses the session while its face lags, and resumes it on acks', async () => {
    const { face, terminals, open } = harness();
    const { session, info } = await open();
    await nextTurn();
    session.emit(Buffer.alloc(PAUSE_ABOVE_BYTES + 1, 0x61));
    expect(session.paused).toBe(true);
    await nextTurn();
    const last = face.chunks(info.terminal).at(-1)!.seq;
    terminals.ack(info.terminal, last);
    expect(session.flowCalls).toEqual(['pause', 'resume']);
    expect(() => terminals.ack(info.terminal, last + 1)).toThrow(expect.objectContaining({ name: 'InvalidAck' }));
  });

  it('coalesces resizes', async () => {
    const { terminals, open } = harness();
    const { session, info } = await open();
    terminals.resize(info.terminal, 80, 24); // the size it has
    terminals.resize(info.terminal, 100, 30);
    terminals.resize(info.terminal, 120, 40);
    expect(session.resizes).toEqual([[100, 30]]);
  });

  it('reports an exit after the last output, then a closed entity; close removes it, twice is fine', async () => {
    const { face, terminals, open } = harness();
    const { session, info } = await open();
    await nextTurn();
    session.emit('bye\r\n');
    session.exit({ code: 3, signal: null });
    const types = face.events.map((e) => e.type);
    expect(types).toEqual(['entity.created', 'terminal.data', 'terminal.exit', 'entity.updated']);
    expect(face.events[2]).toEqual({ type: 'terminal.exit', terminal: info.terminal, code: 3, signal: null });
    expect(() => terminals.input(info.terminal, 'x')).toThrow(expect.objectContaining({ name: 'TerminalClosed' }));
    terminals.ack(info.terminal, 0); // a late ack of an ended terminal is fine
    terminals.close(info.terminal);
    terminals.close(info.terminal);
    expect(face.events.at(-1)).toEqual({ type: 'entity.removed', kind: 'terminal', id: info.terminal });
    expect(session.closed).toBe(false); // it had exited: nothing to hang up
    expect(() => terminals.ack(info.terminal, 0)).toThrow(expect.objectContaining({ name: 'NoSuchTerminal' }));
  });

  it('hears nothing from a session it closed, not even output it had read', async () => {
    const { face, terminals, open } = harness();
    const { session, info } = await open();
    await nextTurn();
    session.emit('read before the close');
    terminals.close(info.terminal);
    expect(session.closed).toBe(true);
    session.emit('drained after it');
    session.exit();
    await nextTurn();
    await nextTurn();
    expect(face.events.map((e) => e.type)).toEqual(['entity.created', 'entity.removed']);
  });

  it('limits the live terminals of a face, counting those still opening', async () => {
    const { terminals, open } = harness(2);
    let finish!: (s: FakeTerminalSession) => void;
    const slow = terminals.open({ host: 'lab-1', start: () => new Promise((resolve) => (finish = resolve)) });
    const first = await open();
    await expect(open()).rejects.toMatchObject({ name: 'TooManyTerminals' });
    finish(new FakeTerminalSession());
    await slow;
    first.session.exit(); // an ended terminal takes no slot
    expect(terminals.liveCount).toBe(1);
    await open();
    await expect(open()).rejects.toMatchObject({ name: 'TooManyTerminals' });
  });

  it('hangs up every shell when its face disconnects, and one still opening as it arrives', async () => {
    const { face, terminals, open } = harness();
    const a = await open();
    const b = await open();
    let finish!: (s: FakeTerminalSession) => void;
    const late = terminals.open({ host: 'lab-2', start: () => new Promise((resolve) => (finish = resolve)) });
    face.disconnect();
    expect([a.session.closed, b.session.closed]).toEqual([true, true]);
    const lateSession = new FakeTerminalSession();
    finish(lateSession);
    await expect(late).rejects.toMatchObject({ name: 'FaceGone' });
    expect(lateSession.closed).toBe(true);
    await expect(open()).rejects.toMatchObject({ name: 'FaceGone' });
  });
});
