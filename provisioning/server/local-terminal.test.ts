/**
 * A live local shell through the real `picket serve` on 127.0.0.1: a WebSocket client (the renderer's own
 * transport) opens `@local`, types, reads the answer, and closes it; a face that disconnects takes its shells with
 * it; and a flood of output waits for the face's acks instead of piling up in the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFace, openTerminal } from '../../test/support/terminal-face.ts';
import { LOCAL_SHELL_HOST } from '../contract/terminal-requests.ts';
import { MAX_CHUNK_BYTES, PAUSE_ABOVE_BYTES } from '../terminal/terminal-output-flow.ts';
import { startPicketServer, type PicketServer } from './picket-server.ts';

let server: PicketServer;

beforeAll(async () => {
  server = await startPicketServer({ staticRoot: '/nonexistent', log: () => undefined });
});

afterAll(async () => {
  await server?.close();
});

const local = { host: LOCAL_SHELL_HOST, cols: 100, rows: 30 };

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a local shell over the WebSocket', () => {
  it('answers `echo picket-$((6*7))` with picket-42, and ends when closed', async () => {
    const client = connectFace(server.url);
    const term = await openTerminal(client, local);
    await term.type('echo picket-$((6*7)); echo "pid=$$."\r');
    await term.until(() => /pid=\d+\./.test(term.text()), 'the shell to answer');
    expect(term.text()).toMatch(/^picket-42\r$/m);
    const pid = Number(/pid=(\d+)\./.exec(term.text())![1]);
    expect(isRunning(pid)).toBe(true);
    expect(term.chunks.map((c) => c.seq)).toEqual(term.chunks.map((_, i) => i));

    await term.close();
    await term.until(() => !isRunning(pid), 'the shell to be hung up on');
    expect(await client.request('terminal.input', { terminal: term.id, data: 'echo again\r' })).toMatchObject({ ok: false, error: { name: 'NoSuchTerminal' } });
    client.close();
  });

  it('hangs up the shells of a face that disconnects', async () => {
    const client = connectFace(server.url);
    const term = await openTerminal(client, local);
    await term.type('echo "pid=$$."\r');
    await term.until(() => /pid=\d+\./.test(term.text()), 'the shell to answer');
    const pid = Number(/pid=(\d+)\./.exec(term.text())![1]);
    client.close();
    await term.until(() => !isRunning(pid), 'the shell to be hung up on');
  });

  it('sends no more than the window while the face does not ack, then all of it as the face acks', async () => {
    const client = connectFace(server.url);
    const term = await openTerminal(client, local, { ack: false });
    const total = 4_000_000;
    // stty -opost: bytes pass through the PTY unchanged, so they can be counted exactly.
    await term.type(`stty -echo -opost; head -c ${total} /dev/zero | tr '\\000' x; echo; echo "done-$((6*7))"\r`);
    await term.until(() => term.text().length > PAUSE_ABOVE_BYTES, 'the first window of output');
    await new Promise((r) => setTimeout(r, 300));
    const held = term.text().length;
    // The PTY is paused just above the mark; what it had read by then still comes (a few KiB).
    expect(held).toBeLessThan(PAUSE_ABOVE_BYTES + 2 * MAX_CHUNK_BYTES);
    await new Promise((r) => setTimeout(r, 300));
    expect(term.text().length).toBe(held);

    let acked = -1;
    while (!term.text().includes('done-42')) {
      const last = term.chunks.at(-1)!.seq;
      if (last > acked) {
        acked = last;
        await client.request('terminal.ack', { terminal: term.id, seq: last });
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(Math.max(...(term.text().match(/x+/g) ?? []).map((run) => run.length))).toBe(total);
    expect(Math.max(...term.chunks.map((c) => Buffer.byteLength(c.data)))).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(term.chunks.map((c) => c.seq)).toEqual(term.chunks.map((_, i) => i));
    await term.close();
    client.close();
  });
});
