/**
 * Live host shells on real lab hosts, through the real `picket serve` and the renderer's WebSocket transport: a
 * project made by `lab spec` is opened, a shell on lab-2 answers `hostname`, follows a resize, and holds a flood
 * back (the SSH channel itself is paused) until the face acks; closing it leaves the host's connection usable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../renderer/api/engine-client.ts';
import { startPicketServer, type PicketServer } from '../../provisioning/server/picket-server.ts';
import { MAX_CHUNK_BYTES, PAUSE_ABOVE_BYTES } from '../../provisioning/terminal/terminal-output-flow.ts';
import { connectFace, openTerminal } from '../support/terminal-face.ts';
import { labProject } from '../support/lab-project.ts';

let server: PicketServer;
let client: EngineClient;
const serverLog: string[] = [];

beforeAll(async () => {
  const project = await labProject();
  server = await startPicketServer({ staticRoot: '/nonexistent', log: (line) => serverLog.push(line) });
  client = connectFace(server.url);
  // The lab spec pins the hosts' keys in the project; a question would mean it did not.
  client.on('hostKey.prompt', (prompt) => serverLog.push(`unexpected host-key question for ${prompt.host}`));
  client.ready();
  const opened = await client.request('project.open', { path: project });
  if (!opened.ok) throw new Error(`project.open: ${opened.error.message}`);
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

describe('a shell on a lab host', () => {
  it('answers `hostname` with lab-2', async () => {
    const shell = await openTerminal(client, { host: 'lab-2', cols: 80, rows: 24 });
    await shell.type('hostname\r');
    await shell.until(() => /^lab-2\r$/m.test(shell.text()), 'lab-2 to say its name');
    await shell.close();
  });

  it('follows a resize, and keeps keystrokes in order', async () => {
    const shell = await openTerminal(client, { host: 'lab-3', cols: 80, rows: 24 });
    await client.request('terminal.resize', { terminal: shell.id, cols: 132, rows: 43 });
    for (const key of 'stty size') await shell.type(key);
    await shell.type('\r');
    await shell.until(() => /^43 132\r$/m.test(shell.text()), 'the new size');
    await shell.type('exit 3\r');
    await shell.until(() => shell.exit() !== undefined, 'the shell to exit');
    expect(shell.exit()).toEqual({ code: 3, signal: null });
  });

  it('holds a flood back until the face acks, loses nothing, and leaves the connection usable after close', async () => {
    const shell = await openTerminal(client, { host: 'lab-2', cols: 80, rows: 24 }, { ack: false });
    const total = 3_000_000;
    await shell.type(`stty -echo -opost; head -c ${total} /dev/zero | tr '\\000' x; echo; echo "done-$((6*7))"\r`);
    await shell.until(() => shell.text().length > PAUSE_ABOVE_BYTES, 'the first window of output');
    await new Promise((r) => setTimeout(r, 500));
    const held = shell.text().length;
    expect(held).toBeLessThan(PAUSE_ABOVE_BYTES + 2 * MAX_CHUNK_BYTES);
    await new Promise((r) => setTimeout(r, 300));
    expect(shell.text().length).toBe(held);

    let acked = -1;
    const started = Date.now();
    while (!shell.text().includes('done-42')) {
      if (Date.now() - started > 30_000) throw new Error('the flood did not finish');
      const last = shell.chunks.at(-1)!.seq;
      if (last > acked) {
        acked = last;
        await client.request('terminal.ack', { terminal: shell.id, seq: last });
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    expect(Math.max(...(shell.text().match(/x+/g) ?? []).map((run) => run.length))).toBe(total);
    await shell.close();

    const again = await openTerminal(client, { host: 'lab-2', cols: 80, rows: 24 });
    await again.type('echo "still-$((40+2))"\r');
    await again.until(() => /^still-42\r$/m.test(again.text()), 'a second shell on the same connection');
    await again.close();
  });

  it('refuses a host that is not in the project', async () => {
    expect(await client.request('terminal.open', { host: 'lab-9', cols: 80, rows: 24 })).toMatchObject({ ok: false, error: { name: 'UnknownHost' } });
  });

  it('logged nothing unexpected', () => {
    expect(serverLog).toEqual([]);
  });
});
