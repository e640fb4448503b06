/**
 * `picket serve` started again reopens the project opened last: remembered in the config dir on project.open and
 * project.create, reopened at start if it still opens, and a folder gone since is said plainly, not fatal.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsTransport } from '../../renderer/api/ws-transport.ts';
import { createProject } from '../project/project-folder.ts';
import { defaultLastProjectFile, recallLastProject } from './last-project.ts';
import { startPicketServer, type PicketServer } from './picket-server.ts';

const CLUSTER = `apiVersion: picket/v1
kind: Cluster
name: kit
mode: standalone
defaults:
  auth: { method: agent }
hosts:
  - name: box-1
    address: 198.18.0.250
    roles: [server, sensor, data]
`;

let root: string;
let lastProjectFile: string;
const servers: PicketServer[] = [];
const logged: string[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'picket-last-project-'));
  lastProjectFile = join(root, 'config', 'picket', 'last-project.json');
  logged.length = 0;
});

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await rm(root, { recursive: true, force: true });
});

async function start(reopenLastProject: boolean): Promise<PicketServer> {
  const server = await startPicketServer({ staticRoot: root, lastProjectFile, reopenLastProject, log: (line) => logged.push(line) });
  servers.push(server);
  return server;
}

/** A page's client on `server`, ready. */
function pageOf(server: PicketServer) {
  const url = new URL(server.url);
  const origin = `http://127.0.0.1:${server.address.port}`;
  const client = createWsTransport(`ws://127.0.0.1:${server.address.port}/ws?token=${url.searchParams.get('token')}`, {
    createSocket: (u) => new WebSocket(u, { origin }),
  });
  client.ready();
  return client;
}

describe('the last project', () => {
  it('is reopened by a server restarted with the same config dir', async () => {
    const dir = join(root, 'kit');
    await createProject(dir, { name: 'kit', mode: 'standalone', clusterYaml: CLUSTER });
    const first = await start(true);
    expect(() => first.engine.current()).toThrow(/no project is open/);
    const client = pageOf(first);
    const opened = await client.request('project.open', { path: join(dir, 'cluster.yaml') });
    expect(opened.ok).toBe(true);
    client.close();
    expect(await recallLastProject(lastProjectFile)).toBe(dir);
    await first.close();

    const again = await start(true);
    expect(again.engine.current().project.dir).toBe(dir);
    expect(logged).toEqual([`picket serve: reopened the last project, kit (${join(dir, 'cluster.yaml')}): 1 host(s)`]);
    // Not asked to (`picket serve -f`): no project is reopened.
    const told = await start(false);
    expect(() => told.engine.current()).toThrow(/no project is open/);
  });

  it('is the one created last, once project.create made it', async () => {
    const server = await start(true);
    const client = pageOf(server);
    const created = await client.request('project.create', { dir: join(root, 'fresh'), name: 'fresh', mode: 'standalone' });
    client.close();
    expect(created.ok).toBe(true);
    expect(await recallLastProject(lastProjectFile)).toBe(join(root, 'fresh'));
  });

  it('says plainly that a folder gone since cannot be reopened, and the server serves without a project', async () => {
    const dir = join(root, 'kit');
    await createProject(dir, { name: 'kit', mode: 'standalone', clusterYaml: CLUSTER });
    const first = await start(true);
    const client = pageOf(first);
    expect((await client.request('project.open', { path: dir })).ok).toBe(true);
    client.close();
    await first.close();
    await rm(dir, { recursive: true });

    const again = await start(true);
    expect(() => again.engine.current()).toThrow(/no project is open/);
    expect(logged).toEqual([`picket serve: could not reopen the last project ${dir}: ${dir} does not exist: give a project folder (or its cluster.yaml), or create one — open or create one in the UI`]);
  });

  it('says plainly that a cluster.yaml broken since cannot be reopened', async () => {
    const dir = join(root, 'kit');
    await createProject(dir, { name: 'kit', mode: 'standalone', clusterYaml: CLUSTER });
    const first = await start(true);
    const client = pageOf(first);
    expect((await client.request('project.open', { path: dir })).ok).toBe(true);
    client.close();
    await first.close();
    await writeFile(join(dir, 'cluster.yaml'), CLUSTER.replace('mode: standalone', 'mode: sideways'));

    const again = await start(true);
    expect(() => again.engine.current()).toThrow(/no project is open/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(new RegExp(`^picket serve: could not reopen the last project ${dir}: .*cluster\\.yaml has 1 error; fix them and open it again: .*mode.* — open or create one in the UI$`));
  });

  it('ignores a remembered file that is not ours', async () => {
    await start(false);
    await writeFile(join(root, 'not-json'), 'dir: /etc');
    expect(await recallLastProject(join(root, 'not-json'))).toBeUndefined();
    expect(await recallLastProject(join(root, 'absent'))).toBeUndefined();
    expect(JSON.parse(await readFile(lastProjectFile, 'utf8').catch(() => 'null'))).toBeNull();
  });

  it('lives in $XDG_CONFIG_HOME/picket, else ~/.config/picket', () => {
    expect(defaultLastProjectFile({ XDG_CONFIG_HOME: '/x/conf' })).toBe('/x/conf/picket/last-project.json');
    expect(defaultLastProjectFile({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\/\.config\/picket\/last-project\.json$/);
    expect(defaultLastProjectFile({})).toMatch(/\/\.config\/picket\/last-project\.json$/);
  });
});
