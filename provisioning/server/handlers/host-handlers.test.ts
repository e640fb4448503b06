/**
 * hosts.add / hosts.remove / hosts.update through the real dispatcher, over a real project folder made by
 * project.create: the wizard's path from an empty project to a complete cluster.yaml. No host is contacted.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bareMetalInventory, cpuFromFixture, nicFromFixture } from '../../../test/fixtures/fixture-inventory.ts';
import type { EngineEvent } from '../../contract/events.ts';
import type { WireResponse } from '../../contract/wire.ts';
import { loadClusterSpec } from '../../project/load-cluster-spec.ts';
import { dispatchRequest, type RequestHandlers } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { discoveryHandlers } from './discovery-handlers.ts';
import { hostHandlers } from './host-handlers.ts';
import { projectHandlers } from './project-handlers.ts';

const PASSWORD = 'canary-pw-0451';

async function harness(mode: 'cluster' | 'standalone' = 'cluster') {
  const logged: string[] = [];
  const engine = new EngineService({ log: (line) => logged.push(line) });
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  // Only the requests these specs send.
  const handlers = { ...projectHandlers(engine), ...discoveryHandlers(engine), ...hostHandlers(engine) } as unknown as RequestHandlers;
  const send = (name: string, payload: unknown): Promise<WireResponse> => dispatchRequest(handlers, name, payload, (line) => logged.push(line));
  const dir = join(mkdtempSync(join(tmpdir(), 'picket-hosts-')), 'kit');
  expect(await send('project.create', { dir, name: 'kit', mode })).toMatchObject({ ok: true });
  const opened = await send('project.open', { path: dir });
  return { engine, events, send, dir, file: join(dir, 'cluster.yaml'), opened, logged };
}

const server = { name: 'server-1', address: '198.18.0.10', roles: ['server', 'data'], login: { method: 'agent' } };
const sensor = { name: 'sensor-1', address: '198.18.0.11', user: 'ops', sudo: true, roles: ['sensor'], login: { method: 'password', password: PASSWORD } };

describe('a new project, as the wizard fills it', () => {
  it('opens while it has no hosts yet, saying so', async () => {
    const { opened } = await harness();
    expect(opened).toMatchObject({ ok: true, result: { name: 'kit', hosts: [], missing: [{ host: null, path: 'hosts', message: expect.stringMatching(/^no hosts yet/) }] } });
  });

  it('adds hosts; a password is stored as a secret, named in cluster.yaml, and never sent back', async () => {
    const h = await harness();
    expect(await h.send('hosts.add', { host: server })).toMatchObject({ ok: true, result: { host: { name: 'server-1', login: { method: 'agent' }, status: 'new' } } });
    const added = await h.send('hosts.add', { host: sensor });
    expect(added).toMatchObject({ ok: true, result: { host: { name: 'sensor-1', user: 'ops', sudo: true, login: { method: 'password', secretName: 'sensor-1-login' } } } });

    const yaml = readFileSync(h.file, 'utf8');
    expect(yaml).toContain('# Picket cluster spec');
    expect(yaml).toContain('auth: {method: password, secret: sensor-1-login}');
    expect(yaml).not.toContain(PASSWORD);
    const secrets = join(h.dir, 'secrets.yaml');
    expect(readFileSync(secrets, 'utf8')).toContain(`sensor-1-login: ${PASSWORD}`);
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(JSON.stringify([added, h.events])).not.toContain(PASSWORD);

    // The faces hear the project reopened with both hosts, and what it still lacks.
    const projects = h.events.flatMap((e) => (e.type === 'entity.created' && e.entity.kind === 'project' ? [e.entity.value] : []));
    expect(projects.at(-1)?.missing).toEqual([{ host: 'sensor-1', path: 'hosts[1].capture', message: expect.stringMatching(/a sensor needs at least one capture NIC/) }]);
    expect(h.logged).toEqual([]);
  });

  it('refuses a host that would make cluster.yaml wrong, naming the host, and leaves the file as it was', async () => {
    const h = await harness();
    await h.send('hosts.add', { host: server });
    const before = readFileSync(h.file, 'utf8');
    const refused = await h.send('hosts.add', { host: { ...sensor, user: 'ops', sudo: false, login: { method: 'agent' } } });
    expect(refused).toMatchObject({ ok: false, error: { name: 'SpecInvalidError', host: 'sensor-1', specErrors: [{ path: 'hosts[1].sudo' }] } });
    expect(await h.send('hosts.add', { host: { ...server, address: '198.18.0.99' } })).toMatchObject({ ok: false, error: { name: 'HostEditRefused', host: 'server-1' } });
    expect(await h.send('hosts.add', { host: { ...server, name: 'Bad Name' } })).toMatchObject({ ok: false, error: { name: 'InvalidRequest' } });
    expect(readFileSync(h.file, 'utf8')).toBe(before);
  });

  it('sets roles and capture NICs once discovered, replanning from the inventory it has (no host contacted)', async () => {
    const h = await harness();
    await h.send('hosts.add', { host: server });
    await h.send('hosts.add', { host: sensor });
    const inventory = bareMetalInventory({
      cpu: cpuFromFixture('xeon-e5-2697v4-2s'),
      nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), nicFromFixture('intel-x710-i40e', 'ens1f0', { numaNode: 1, speedMbps: 10000 })],
    });
    for (const host of h.engine.current().hosts) host.inventory = inventory;
    h.engine.markDiscovered();
    const pci = inventory.nics[1]!.pciAddress!;

    const updated = await h.send('hosts.update', { name: 'sensor-1', roles: ['sensor'], capture: [{ pci, engines: ['zeek', 'suricata'] }] });
    expect(updated).toMatchObject({ ok: true, result: { host: { name: 'sensor-1', status: 'planned', capture: [{ pci, resolved: 'ens1f0' }] } } });
    expect(h.events.filter((e) => e.type === 'inventory.host').map((e) => e.type === 'inventory.host' && [e.host, e.status])).toEqual([
      ['server-1', 'planned'],
      ['sensor-1', 'planned'],
    ]);
    expect(loadClusterSpec(readFileSync(h.file, 'utf8'), h.file)).toMatchObject({ ok: true });
    expect(await h.send('hosts.update', { name: 'sensor-1', roles: ['sensor'], capture: [{ name: 'ens1f0', engines: ['zeek'] }] })).toMatchObject({
      ok: false,
      error: { name: 'InvalidRequest', host: 'sensor-1' },
    });
  });

  it('removes a host (and its waivers); an unknown one is refused', async () => {
    const h = await harness();
    await h.send('hosts.add', { host: server });
    await h.send('hosts.add', { host: sensor });
    expect(await h.send('hosts.remove', { name: 'sensor-1' })).toEqual({ ok: true, result: { name: 'sensor-1' } });
    expect(h.engine.current().spec.hosts.map((x) => x.name)).toEqual(['server-1']);
    expect(await h.send('hosts.remove', { name: 'sensor-1' })).toMatchObject({ ok: false, error: { name: 'HostEditRefused', message: 'sensor-1 is not a host of this project' } });
  });
});
