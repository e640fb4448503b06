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
    expect(validateClusterSpec(spec)).toEqual({ ok: true, spec });
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
