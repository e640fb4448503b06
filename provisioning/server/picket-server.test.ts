/**
 * The real `picket serve` server on 127.0.0.1 (port 0), driven as a browser and as an attacker would: HTTP with
 * and without the token, foreign Host headers, path traversal, WebSocket upgrades from foreign or missing
 * origins, and the contract over the WebSocket (project.open on a temporary project — no host is contacted).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsTransport } from '../../renderer/api/ws-transport.ts';
import type { EngineEvent } from '../contract/events.ts';
import { ServerMessageSchema, type ServerMessage } from '../contract/wire.ts';
import { createProject, writeSecret } from '../project/project-folder.ts';
import { Secret } from '../ssh/secret.ts';
import { startPicketServer, type PicketServer } from './picket-server.ts';

const LOGIN_PASSWORD = 'correct-horse-battery-staple';

const CLUSTER = `apiVersion: picket/v1
kind: Cluster
name: kit
mode: cluster
defaults:
  auth: { method: key, identityFile: keys/id_ed25519 }
hosts:
  - name: server-1
    address: 198.18.0.250
    roles: [server, data]
  - name: sensor-1
    address: 198.18.0.251
    user: ops
    sudo: true
    auth: { method: password, secret: sensor-1-login }
    roles: [sensor]
    capture:
      - pci: "0000:3b:00.0"
        role: passive
        engines: [zeek, suricata]
`;

let root: string;
let projectDir: string;
let server: PicketServer;
let port: number;
let token: string;
let origin: string;
const serverLog: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-serve-'));
  const ui = join(root, 'ui');
  await mkdir(join(ui, 'assets'), { recursive: true });
  await writeFile(join(ui, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log("picket")');
  await writeFile(join(root, 'package.json'), '{"name":"not-for-you"}');
  projectDir = join(root, 'kit');
  await createProject(projectDir, { name: 'kit', mode: 'cluster', clusterYaml: CLUSTER });
  await writeSecret(projectDir, 'sensor-1-login', new Secret(LOGIN_PASSWORD));
  server = await startPicketServer({ staticRoot: ui, log: (line) => serverLog.push(line) });
  port = server.address.port;
  token = new URL(server.url).searchParams.get('token')!;
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request: the path is sent exactly as given (no normalisation), Host as given. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Face {
  socket: WebSocket;
  messages: ServerMessage[];
  send(message: unknown): void;
  waitFor<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  events(): EngineEvent[];
}

/** Connects as the UI page would (its own Origin and the token), or as told. */
function connect(options: { query?: string; origin?: string | null; headers?: Record<string, string> } = {}): Promise<Face> {
  const query = options.query ?? `?token=${token}`;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, {
    ...(options.origin === null ? {} : { origin: options.origin ?? origin }),
    headers: options.headers ?? {},
  });
  const messages: ServerMessage[] = [];
  socket.on('message', (data) => messages.push(ServerMessageSchema.parse(JSON.parse(data.toString()))));
  const face: Face = {
    socket,
    messages,
    send: (message) => socket.send(typeof message === 'string' ? message : JSON.stringify(message)),
    waitFor: (match, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
          const found = messages.find(match);
          if (found) return resolve(found);
          if (Date.now() - started > timeoutMs) return reject(new Error(`no such message; got ${JSON.stringify(messages)}`));
          setTimeout(poll, 5);
        };
        poll();
      }),
    events: () => messages.flatMap((m) => (m.type === 'event' ? [m.event] : [])),
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(face));
    socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode })));
    socket.once('error', reject);
  });
}

async function refusedStatus(options: Parameters<typeof connect>[0]): Promise<number> {
  try {
    const face = await connect(options);
    face.socket.close();
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

const responseTo = (id: number) => (m: ServerMessage): m is Extract<ServerMessage, { type: 'response' }> => m.type === 'response' && m.id === id;

describe('where it listens and what it prints', () => {
  it('listens on 127.0.0.1 only, on the free port it was given', () => {
    expect(server.address).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(port).toBeGreaterThan(0);
  });

  it('prints one URL: http://127.0.0.1:PORT/?token=<64 hex>', () => {
    expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?token=[0-9a-f]{64}$`));
  });
});

describe('HTTP needs the token', () => {
  it('refuses a request without the token (401)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
  });

  it('refuses a wrong token, in the query, a Bearer header or a cookie (401)', async () => {
    const wrong = 'f'.repeat(64);
    expect((await get(`/?token=${wrong}`)).status).toBe(401);
    expect((await get(`/?token=${token.slice(0, 32)}`)).status).toBe(401);
    expect((await get('/', { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await get('/', { cookie: `picket_token_${port}=${wrong}` })).status).toBe(401);
  });

  it('serves the UI to the right token with a locked-down cookie and the security headers', async () => {
    const page = await get(`/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('/assets/app.js');
    expect(page.headers['set-cookie']).toEqual([`picket_token_${port}=${token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(page.headers['content-security-policy']).toContain(
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:${port}; img-src 'self' data:; frame-ancestors 'none'`,
    );
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('lets the page’s own assets in with the cookie alone', async () => {
    const asset = await get('/assets/app.js', { cookie: `picket_token_${port}=${token}` });
    expect([asset.status, asset.headers['content-type'], asset.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("picket")']);
    expect(asset.headers['set-cookie']).toBeUndefined();
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(`/?token=${token}`, {}, 'POST')).status).toBe(405);
    const head = await get(`/?token=${token}`, {}, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});

describe('DNS-rebinding defence: Host must be the server’s own address:port', () => {
  it.each(['evil.example', 'localhost', '127.0.0.1', '127.0.0.1:1', 'rebind.127.0.0.1.nip.io'])('refuses Host %s even with the token (421)', async (host) => {
    const h = host.includes(':') || host === '127.0.0.1' ? host : `${host}:${port}`;
    const answer = await get(`/?token=${token}`, { host: h });
    expect(answer.status).toBe(421);
    expect(answer.headers['set-cookie']).toBeUndefined();
  });
});

describe('path traversal', () => {
  it.each(['/../package.json', '/%2e%2e/package.json', '/%2E%2E%2Fpackage.json', '/..%2fpackage.json', '/assets/..%2f..%2fpackage.json', '/..%5cpackage.json', '/.%2e/package.json'])(
    'refuses %s',
    async (path) => {
      const answer = await get(path, { cookie: `picket_token_${port}=${token}` });
      expect([403, 404]).toContain(answer.status);
      expect(answer.body).not.toContain('not-for-you');
    },
  );
});

describe('a UI that is not built', () => {
  it('gets a page saying so and how to build it', async () => {
    const bare = await startPicketServer({ staticRoot: join(root, 'no-such-ui') });
    try {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const url = new URL(bare.url);
        httpRequest({ host: '127.0.0.1', port: url.port, path: `/${url.search}` }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        })
          .on('error', reject)
          .end();
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toContain('The browser UI is not built yet');
      expect(answer.body).toContain('npm run build:ui');
    } finally {
      await bare.close();
    }
  });
});

describe('WebSocket upgrades', () => {
  it('refuses a foreign Origin, even with the token (403)', async () => {
    expect(await refusedStatus({ origin: 'http://evil.example' })).toBe(403);
    expect(await refusedStatus({ origin: `http://localhost:${port}` })).toBe(403);
    expect(await refusedStatus({ origin: `https://127.0.0.1:${port}` })).toBe(403);
  });

  it('refuses a missing Origin (403)', async () => {
    expect(await refusedStatus({ origin: null })).toBe(403);
  });

  it('refuses the right Origin without the token (401), and a foreign Host (421)', async () => {
    expect(await refusedStatus({ query: '' })).toBe(401);
    expect(await refusedStatus({ query: `?token=${'0'.repeat(64)}` })).toBe(401);
    expect(await refusedStatus({ headers: { host: `evil.example:${port}` } })).toBe(421);
  });

  it('accepts its own page: the right Origin with the token, or with the cookie the page load set', async () => {
    const withToken = await connect();
    withToken.socket.close();
    const withCookie = await connect({ query: '', headers: { cookie: `picket_token_${port}=${token}` } });
    withCookie.socket.close();
  });
});

describe('the contract over the WebSocket', () => {
  it('round-trips project.open: hosts and roles, secrets by name only, and no host contacted', async () => {
    const face = await connect();
    face.send({ type: 'request', id: 1, name: 'project.open', payload: { path: projectDir } });
    const { response } = await face.waitFor(responseTo(1));
    expect(response.ok).toBe(true);
    const result = (response as { result: { name: string; mode: string; hosts: { name: string; roles: string[]; status: string; login: unknown }[] } }).result;
    expect([result.name, result.mode]).toEqual(['kit', 'cluster']);
    expect(result.hosts.map((h) => [h.name, h.roles, h.status])).toEqual([
      ['server-1', ['server', 'data'], 'new'],
      ['sensor-1', ['sensor'], 'new'],
    ]);
    expect(result.hosts[1]?.login).toEqual({ method: 'password', secretName: 'sensor-1-login' });
    expect(JSON.stringify(face.messages)).not.toContain(LOGIN_PASSWORD);
    face.socket.close();
  });

  it('returns spec errors as data, each located', async () => {
    const broken = join(root, 'broken');
    await createProject(broken, { name: 'broken', mode: 'cluster', clusterYaml: CLUSTER.replace('address: 198.18.0.250', 'adress: 198.18.0.250') });
    const face = await connect();
    face.send({ type: 'request', id: 2, name: 'project.open', payload: { path: join(broken, 'cluster.yaml') } });
    const { response } = await face.waitFor(responseTo(2));
    expect(response).toMatchObject({ ok: false, error: { name: 'SpecInvalidError' } });
    const error = (response as { error: { specErrors: { line: number; path: string }[] } }).error;
    expect(error.specErrors.length).toBeGreaterThan(0);
    expect(error.specErrors[0]).toMatchObject({ file: join(broken, 'cluster.yaml'), line: expect.any(Number), column: expect.any(Number) });
    face.socket.close();
  });

  it('answers a malformed message with { ok: false } and keeps the socket open', async () => {
    const face = await connect();
    face.send('this is not json');
    face.send({ type: 'request', id: 'x', name: 'plan.get', payload: {} });
    face.send({ type: 'bogus', id: 11 });
    face.send({ type: 'request', id: 12, name: 'project.erase', payload: {} });
    face.send({ type: 'request', id: 13, name: 'project.open', payload: { path: 42 } });
    face.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const invalid = await face.waitFor((m): m is Extract<ServerMessage, { type: 'response' }> => m.type === 'response' && m.id === null && m.response.ok === false && m.response.error.message.includes('not JSON'));
    expect(invalid.response).toMatchObject({ ok: false, error: { name: 'InvalidMessage' } });
    expect((await face.waitFor(responseTo(11))).response).toMatchObject({ ok: false, error: { name: 'InvalidMessage' } });
    expect((await face.waitFor(responseTo(12))).response).toMatchObject({ ok: false, error: { name: 'UnknownRequest' } });
    expect((await face.waitFor(responseTo(13))).response).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    await face.waitFor((m): m is ServerMessage => m.type === 'response' && m.response.ok === false && m.response.error.message.includes('binary'));
    expect(face.messages.filter((m) => m.type === 'response' && m.id === null)).toHaveLength(3); // not JSON, id "x", binary
    expect(face.socket.readyState).toBe(WebSocket.OPEN);
    face.send({ type: 'request', id: 14, name: 'hostKey.confirm', payload: { promptId: 'gone', accept: true } });
    expect((await face.waitFor(responseTo(14))).response).toMatchObject({ ok: false, error: { name: 'NoSuchPrompt' } });
    face.socket.close();
  });

  it('refuses a step action on a run the project does not have, as data, before contacting any host', async () => {
    const face = await connect();
    face.send({ type: 'request', id: 21, name: 'step.retry', payload: { run: '0001-20260101T000000Z', step: 'tuning/sensor-1/cap0-rings' } });
    expect((await face.waitFor(responseTo(21))).response).toEqual({
      ok: false,
      error: { name: 'NoSuchRun', message: expect.stringMatching(/^there is no apply run in .*runs: start one first \(apply\.start\)$/) },
    });
    face.socket.close();
  });

  it('keeps events for a face until it is ready, so nothing sent while the page loads is lost', async () => {
    const late = await connect();
    const opener = await connect();
    opener.send({ type: 'ready' });
    opener.send({ type: 'request', id: 31, name: 'project.open', payload: { path: projectDir } });
    await opener.waitFor(responseTo(31));
    await opener.waitFor((m): m is ServerMessage => m.type === 'event' && m.event.type === 'entity.created' && m.event.entity.kind === 'host');
    await new Promise((r) => setTimeout(r, 50));
    expect(late.events()).toEqual([]);
    late.send({ type: 'ready' });
    await late.waitFor((m): m is ServerMessage => m.type === 'event' && m.event.type === 'entity.created' && m.event.entity.id === 'sensor-1');
    const kinds = late.events().map((e) => (e.type === 'entity.created' || e.type === 'entity.updated' ? `${e.type} ${e.entity.kind} ${e.entity.id}` : e.type));
    // The snapshot (the project open when it connected: earlier tests opened it) and then the reopening, in order.
    expect(kinds.filter((k) => k.startsWith('entity.created project'))).toHaveLength(2);
    expect(kinds.at(-1)).toBe('entity.created host sensor-1');
    late.socket.close();
    opener.socket.close();
  });

  it('serves the renderer’s own client: typed requests and event subscriptions', async () => {
    const client = createWsTransport(`ws://127.0.0.1:${port}/ws?token=${token}`, { createSocket: (url) => new WebSocket(url, { origin }) });
    const hosts: string[] = [];
    client.on('entity.created', (event) => {
      if (event.entity.kind === 'host') hosts.push(event.entity.id);
    });
    client.ready();
    const opened = await client.request('project.open', { path: projectDir });
    expect(opened.ok && opened.result.hosts.map((h) => h.name)).toEqual(['server-1', 'sensor-1']);
    const unknown = await client.request('apply.cancel', { run: '0001-nothing' });
    expect(unknown).toEqual({ ok: false, error: { name: 'NoSuchRun', message: 'run 0001-nothing is not in progress' } });
    expect(hosts).toEqual(expect.arrayContaining(['server-1', 'sensor-1']));
    expect(client.state).toBe('open');
    client.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await client.request('plan.get', {})).toMatchObject({ ok: false, error: { name: 'Disconnected' } });
  });

  it('logged no contract breach', () => {
    expect(serverLog).toEqual([]);
  });
});
