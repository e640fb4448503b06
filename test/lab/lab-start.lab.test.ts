/**
 * "Start local test hosts" end to end: lab.available and lab.start through a real `picket serve` and the renderer's
 * WebSocket transport, on this instance's lab (up already, from the global setup). The hosts it answers with are
 * the lab's, each opens a root shell over SSH with the key file it names, at the address it names; the asking face
 * heard the progress; and no host that was running is stopped by asking for fewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../provisioning/contract/events.ts';
import type { LabStartedHost } from '../../provisioning/contract/lab-requests.ts';
import { startPicketServer, type PicketServer } from '../../provisioning/server/picket-server.ts';
import { sh } from '../../provisioning/ssh/shell-quote.ts';
import type { EngineClient } from '../../renderer/api/engine-client.ts';
import { acceptingOptions, connect, labHosts } from '../support/lab-hosts.ts';
import { connectFace } from '../support/terminal-face.ts';
import { LAB_SUITE_HOSTS } from './global-setup.ts';
import { status } from './lab.ts';

let server: PicketServer;
let client: EngineClient;
const events: EngineEvent[] = [];

async function ask<T>(response: Promise<{ ok: true; result: T } | { ok: false; error: { name: string; message: string } }>): Promise<T> {
  const answer = await response;
  if (!answer.ok) throw new Error(`${answer.error.name}: ${answer.error.message}`);
  return answer.result;
}

beforeAll(async () => {
  server = await startPicketServer({ staticRoot: '/nonexistent', log: () => undefined });
  client = connectFace(server.url);
  client.onAny((e) => events.push(e));
  client.ready();
});

afterAll(async () => {
  client?.close();
  await server?.close();
});

describe('local test hosts through picket serve', () => {
  it('are offered here (Linux, root, a checkout with the lab, systemd-nspawn)', async () => {
    expect(await ask(client.request('lab.available', {}))).toEqual({ available: true });
  });

  it('start on request: the answer names the lab hosts, each opening a root shell with the key it names', async () => {
    const { hosts } = await ask(client.request('lab.start', { hosts: 2 }));
    const lab = await labHosts();
    expect(hosts).toEqual(
      lab.slice(0, 2).map((h): LabStartedHost => ({ name: h.name, address: h.address, port: h.port, user: 'root', identityFile: h.identityFile })),
    );
    for (const host of hosts) {
      const connection = connect({ label: host.name, address: host.address, port: host.port, user: host.user, auth: [{ kind: 'key', identityFile: host.identityFile }] }, await acceptingOptions());
      try {
        const whoami = await connection.exec(sh`id -u; ip -4 -o addr show dev mgmt0`);
        expect(whoami.exitCode).toBe(0);
        expect(whoami.stdout).toMatch(new RegExp(`^0\\n.*inet ${host.address.replaceAll('.', '\\.')}/`, 's'));
      } finally {
        connection.close();
      }
    }
    const progress = events.flatMap((e) => (e.type === 'lab.progress' ? [e.line] : []));
    expect(progress[0]).toBe('starting 2 local test hosts…');
    expect(progress.at(-1)).toBe('lab-1, lab-2 answer SSH');
  });

  it('stops no host already running when fewer are asked for', async () => {
    const running = (await status()).filter((h) => h.running && h.sshAnswers).map((h) => h.name);
    expect(running.length).toBeGreaterThanOrEqual(LAB_SUITE_HOSTS);
  });
});
