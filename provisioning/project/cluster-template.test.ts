import { describe, expect, it } from 'vitest';
import { MODES } from './cluster-spec.ts';
import { clusterTemplate, EXAMPLE_BEGIN, EXAMPLE_END } from './cluster-template.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';
import { formatSpecError } from './spec-error.ts';

/** What a user does with the template: drop `hosts: []` and uncomment the example. */
function filledIn(template: string): string {
  const lines = template.split('\n');
  const begin = lines.indexOf(EXAMPLE_BEGIN);
  const end = lines.indexOf(EXAMPLE_END);
  return [...lines.slice(0, begin).filter((line) => line !== 'hosts: []'), ...lines.slice(begin + 1, end).map((line) => line.slice(2)), ...lines.slice(end + 1)].join('\n');
}

describe('clusterTemplate', () => {
  const noHosts = 'cluster.yaml:25:8: hosts: no hosts yet: add at least one under hosts: (picket init writes a commented example)';

  it.each(['standalone', 'cluster'] as const)('%s: valid YAML whose only error is that no host is listed yet', (mode) => {
    const loaded = loadClusterSpec(clusterTemplate({ name: 'field-kit-1', mode }), 'cluster.yaml');
    expect(loaded.ok ? [] : loaded.errors.map(formatSpecError)).toEqual([noHosts]);
  });

  it('external: the sink is part of the example too, so it is reported missing as well', () => {
    const loaded = loadClusterSpec(clusterTemplate({ name: 'field-kit-1', mode: 'external' }), 'cluster.yaml');
    expect(loaded.ok ? [] : loaded.errors.map(formatSpecError)).toEqual([
      'cluster.yaml:5:1: external: missing: external mode sends logs to an outside sink — add external: { sink: kafka, url: kafka://10.0.0.50:9092 } (sink: kafka, elasticsearch or syslog)',
      noHosts,
    ]);
  });

  it.each(MODES)('%s: the commented example, filled in, is a valid spec of that mode', (mode) => {
    const loaded = loadClusterSpec(filledIn(clusterTemplate({ name: 'field-kit-1', mode })), 'cluster.yaml');
    expect(loaded.ok ? [] : loaded.errors.map(formatSpecError)).toEqual([]);
    if (loaded.ok) expect(loaded.spec).toMatchObject({ name: 'field-kit-1', mode });
  });
});
