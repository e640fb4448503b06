import { describe, expect, it } from 'vitest';
import { bundleDestinationProblem, DEFAULT_BUNDLE_DESTINATION } from './cluster-spec.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';
import { formatSpecError } from './spec-error.ts';

const HEAD = [
  'apiVersion: picket/v1',
  'kind: Cluster',
  'name: kit',
  'mode: standalone',
  'defaults:',
  '  auth: { method: key, identityFile: keys/id_ed25519 }',
  'hosts:',
  '  - name: h1',
  '    address: 10.0.0.1',
  '    roles: [server, sensor]',
  '    capture: [{ pci: "0000:3b:00.0", role: passive, engines: [zeek] }]',
];

function load(...bundle: string[]) {
  return loadClusterSpec([...HEAD, ...bundle, ''].join('\n'), 'cluster.yaml');
}

function errors(...bundle: string[]): string[] {
  const loaded = load(...bundle);
  return loaded.ok ? [] : loaded.errors.map(formatSpecError);
}

describe('the bundle: section of cluster.yaml', () => {
  it('reads the bundle, its trusted keys and a destination (optional)', () => {
    const loaded = load('bundle:', '  path: bundles/kit.tar', '  trustedKeys: [keys/signing.pub]');
    expect(loaded.ok && loaded.spec.bundle).toEqual({ path: 'bundles/kit.tar', trustedKeys: ['keys/signing.pub'] });
    const placed = load('bundle:', '  path: /media/usb/kit', '  trustedKeys: [a.pub, b.pub]', '  destination: /srv/picket/bundle');
    expect(placed.ok && placed.spec.bundle?.destination).toBe('/srv/picket/bundle');
  });

  it('refuses a bundle without a trusted key: nothing unsigned is ever distributed', () => {
    expect(errors('bundle:', '  path: kit', '  trustedKeys: []')).toEqual([
      'cluster.yaml:14:16: bundle.trustedKeys: no trusted key: an unsigned or unverifiable bundle is never distributed — list at least one, e.g. trustedKeys: [keys/bundle-signing.pub]',
    ]);
    expect(errors('bundle:', '  path: kit')).toEqual([
      expect.stringMatching(/^cluster\.yaml:13:3: bundle\.trustedKeys: missing: list the public key files the bundle must be signed by/),
    ]);
  });

  it('names a missing path, a wrong destination and an unknown key, each on its line', () => {
    expect(errors('bundle:', '  trustedKeys: [k.pub]', '  destination: var/lib/bundle', '  destnation: x')).toEqual([
      expect.stringMatching(/^cluster\.yaml:13:3: bundle\.path: missing: give the bundle folder or \.tar/),
      'cluster.yaml:14:16: bundle.destination: "var/lib/bundle" is not an absolute path: hosts keep the bundle in a folder given from / (e.g. destination: /var/lib/picket/bundle)',
      'cluster.yaml:15:3: bundle.destnation: unknown key destnation (did you mean destination?)',
    ]);
    expect(errors('bundle: kit.tar')).toEqual([
      'cluster.yaml:12:9: bundle: "kit.tar" is not a map (write bundle: { path: bundles/field-kit-2026.1, trustedKeys: [keys/bundle-signing.pub] })',
    ]);
  });
});

describe('bundleDestinationProblem', () => {
  it('accepts a folder of its own, given from /', () => {
    for (const ok of [DEFAULT_BUNDLE_DESTINATION, '/srv/bundle', '/data/picket/bundle-2026.1']) expect(bundleDestinationProblem(ok)).toBeUndefined();
  });

  it('refuses relative, climbing, odd or system places, saying why', () => {
    expect(bundleDestinationProblem('/')).toMatch(/too close to \//);
    expect(bundleDestinationProblem('/var')).toMatch(/too close to \//);
    expect(bundleDestinationProblem('/var/lib/../../etc')).toMatch(/not a plain path/);
    expect(bundleDestinationProblem('/var/lib/picket/')).toMatch(/not a plain path/);
    expect(bundleDestinationProblem('/var/lib/my bundle')).toMatch(/characters other than/);
    expect(bundleDestinationProblem('/var/lib/$(reboot)')).toMatch(/characters other than/);
    expect(bundleDestinationProblem('/run/picket/bundle')).toMatch(/under \/run, which does not keep files on disk/);
    expect(bundleDestinationProblem('/proc/self')).toMatch(/under \/proc/);
  });
});
