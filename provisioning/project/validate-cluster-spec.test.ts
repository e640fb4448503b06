import { describe, expect, it } from 'vitest';
import { validateClusterSpec } from './validate-cluster-spec.ts';

/** The wizard validates specs it builds as data, before any YAML exists. */
const spec = {
  apiVersion: 'picket/v1',
  kind: 'Cluster',
  name: 'kit',
  mode: 'standalone',
  hosts: [{ name: 'h1', address: '10.0.0.1', auth: { method: 'agent' }, roles: ['server', 'sensor'], capture: [{ pci: '0000:3b:00.0', role: 'passive', engines: ['zeek'] }] }],
};

describe('validateClusterSpec on plain data', () => {
  it('accepts a valid spec', () => {
    expect(validateClusterSpec(spec)).toEqual({ ok: true, spec, incomplete: [] });
  });

  it('returns every issue with its path, the key of an unknown or secret key marked', () => {
    const host = { ...spec.hosts[0]!, token: 'abc', prot: 22 };
    const result = validateClusterSpec({ ...spec, hosts: [host] });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: ['hosts', 0, 'token'], message: expect.stringMatching(/^secrets never go in cluster\.yaml/), at: 'key' },
        { path: ['hosts', 0, 'prot'], message: 'unknown key prot (did you mean port?)', at: 'key' },
      ],
    });
  });

  it('rules across hosts wait until each host is valid on its own', () => {
    const result = validateClusterSpec({ ...spec, hosts: [{ ...spec.hosts[0]!, roles: ['sensor'] }] });
    expect(result).toEqual({
      ok: false,
      issues: [{ path: ['hosts', 0, 'roles'], message: 'standalone mode runs everything on this one host: its roles need server and sensor (e.g. roles: [server, sensor, data])' }],
    });
  });
});

describe('validateClusterSpec of a draft (what the wizard opens before capture NICs are chosen)', () => {
  const draft = { ...spec, mode: 'cluster', hosts: [{ name: 'h1', address: '10.0.0.1', auth: { method: 'agent' }, roles: ['server', 'data'] }, { name: 'h2', address: '10.0.0.2', auth: { method: 'agent' }, roles: ['sensor'] }] };

  it('is an error when finished specs are asked for: a sensor without capture NICs', () => {
    expect(validateClusterSpec(draft)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: ['hosts', 1, 'capture'], message: expect.stringMatching(/^missing: a sensor needs at least one capture NIC/), incomplete: true })],
    });
  });

  it('opens as a draft, saying what it lacks', () => {
    const result = validateClusterSpec(draft, { draft: true });
    expect(result.ok).toBe(true);
    expect(result.ok && result.incomplete.map((i) => i.path)).toEqual([['hosts', 1, 'capture']]);
  });

  it('opens with no hosts yet, or none with the roles its mode needs', () => {
    expect(validateClusterSpec({ ...spec, hosts: [] }, { draft: true })).toMatchObject({ ok: true, incomplete: [{ path: ['hosts'], message: expect.stringMatching(/^no hosts yet/) }] });
    const agentsOnly = validateClusterSpec({ ...draft, hosts: [{ ...draft.hosts[0]!, roles: ['agent'] }] }, { draft: true });
    expect(agentsOnly.ok && agentsOnly.incomplete.map((i) => i.message)).toEqual([
      expect.stringMatching(/^cluster mode needs a server/),
      expect.stringMatching(/^cluster mode needs a sensor/),
    ]);
  });

  it('still refuses what is wrong, not merely missing', () => {
    const wrong = validateClusterSpec({ ...draft, hosts: [{ ...draft.hosts[0]!, address: 'not an address!' }, draft.hosts[1]!] }, { draft: true });
    expect(wrong).toMatchObject({ ok: false, issues: [{ path: ['hosts', 0, 'address'] }, { path: ['hosts', 1, 'capture'], incomplete: true }] });
    const twoStandalone = validateClusterSpec({ ...draft, mode: 'standalone' }, { draft: true });
    expect(twoStandalone.ok).toBe(false);
    expect(!twoStandalone.ok && twoStandalone.issues.filter((i) => !i.incomplete)).toEqual([
      { path: ['hosts'], message: 'standalone mode runs everything on one host, but 2 hosts have roles (h1, h2): keep one, or set mode: cluster' },
    ]);
  });
});
