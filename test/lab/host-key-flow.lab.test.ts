/**
 * First contact with a host whose key is not pinned, on real lab hosts: the handshake stops once the key is seen, the
 * question is asked with nothing open and no timer running, and only after it is answered does Picket log in. Proven
 * with a handshake timeout cut to 1 s and questions answered well after it — over a bare connection, and through
 * `picket serve` as the wizard meets it.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../renderer/api/engine-client.ts';
import { startPicketServer, type PicketServer } from '../../provisioning/server/picket-server.ts';
import { HostConnection } from '../../provisioning/ssh/connection.ts';
import { HostError } from '../../provisioning/ssh/host-error.ts';
import { sh } from '../../provisioning/ssh/shell-quote.ts';
import { freshKnownHosts, labHosts, rootTarget } from '../support/lab-hosts.ts';
import { labProject } from '../support/lab-project.ts';
import { connectFace } from '../support/terminal-face.ts';
import type { LabHost } from './lab.ts';

/** The handshake timeout these tests give every connection. */
const HANDSHAKE_MS = 1_000;
/** How long a person takes to compare the fingerprint: well past the handshake timeout. */
const THINKING_MS = 2_500;

/** The person reading the fingerprint off the host's console: the delay is what is under test, not a wait for state. */
const afterThinking = (since: number) => new Promise((r) => setTimeout(r, Math.max(0, since + THINKING_MS - Date.now())));

let hosts: LabHost[];
const opened: HostConnection[] = [];

beforeAll(async () => {
  hosts = await labHosts();
});

afterAll(() => {
  for (const c of opened) c.close();
});

describe('a host-key question over a bare connection', () => {
  it('answered after longer than the handshake timeout, still logs in, pinning the key once', async () => {
    const knownHosts = await freshKnownHosts();
    const asked: number[] = [];
    const connection = new HostConnection(rootTarget(hosts[2]!), {
      readyTimeoutMs: HANDSHAKE_MS,
      hostKeys: {
        knownHosts,
        confirmNewHost: async () => {
          const now = Date.now();
          asked.push(now);
          await afterThinking(now);
          return true;
        },
      },
    });
    opened.push(connection);
    const started = Date.now();
    expect((await connection.run(sh`hostname`)).trim()).toBe('lab-3');
    expect(Date.now() - started).toBeGreaterThan(THINKING_MS);
    expect(asked).toHaveLength(1);
    expect((await readFile(knownHosts.file, 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('declined, fails naming the fingerprint, and asks again on the next attempt rather than remembering the no', async () => {
    const knownHosts = await freshKnownHosts();
    const answers = [false, true];
    const connection = new HostConnection(rootTarget(hosts[1]!), { readyTimeoutMs: HANDSHAKE_MS, hostKeys: { knownHosts, confirmNewHost: async () => answers.shift()! } });
    opened.push(connection);
    const error = await connection.connect().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect((error as HostError).kind).toBe('host-key-unknown');
    expect((error as HostError).message).toMatch(/^lab-2: unknown host key ED25519 SHA256:/);
    expect((await connection.run(sh`hostname`)).trim()).toBe('lab-2');
    expect(answers).toEqual([]);
  });
});

describe('host-key questions in picket serve', () => {
  let server: PicketServer;
  let client: EngineClient;
  let project: string;
  const serverLog: string[] = [];

  beforeAll(async () => {
    project = await labProject(2);
    // A project that has pinned nothing yet: its first discovery meets every host's key.
    await rm(join(project, 'known_hosts'), { force: true });
    server = await startPicketServer({ staticRoot: '/nonexistent', sshReadyTimeoutMs: HANDSHAKE_MS, log: (line) => serverLog.push(line) });
    client = connectFace(server.url);
    client.ready();
    const opened = await client.request('project.open', { path: project });
    if (!opened.ok) throw new Error(`project.open: ${opened.error.message}`);
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('discovers every host once its key is confirmed, each answer given after the handshake timeout', async () => {
    const prompts: string[] = [];
    const answered: Promise<unknown>[] = [];
    client.on('hostKey.prompt', (prompt) => {
      prompts.push(prompt.host);
      answered.push(afterThinking(Date.now()).then(() => client.request('hostKey.confirm', { promptId: prompt.promptId, accept: true })));
    });
    const discovered = await client.request('inventory.run', {});
    if (!discovered.ok) throw new Error(`inventory.run: ${discovered.error.message}`);
    expect(discovered.result.hosts.map((h) => [h.name, h.status, h.problems])).toEqual([
      ['lab-1', 'planned', []],
      ['lab-2', 'planned', []],
    ]);
    expect(prompts.sort()).toEqual(['lab-1', 'lab-2']);
    expect((await Promise.all(answered)).every((r) => (r as { ok: boolean }).ok)).toBe(true);
    const pins = (await readFile(join(project, 'known_hosts'), 'utf8')).trim().split('\n');
    expect(pins.map((line) => line.split(' ')[0]).sort()).toEqual([hosts[0]!.address, hosts[1]!.address].sort());
    expect(serverLog).toEqual([]);
  });
});
