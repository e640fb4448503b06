import { describe, expect, it } from 'vitest';
import { clusterTemplate } from './cluster-template.ts';
import { addHost } from './edit-cluster-hosts.ts';
import { addWaiver, removeWaiver, WaiverEditError } from './edit-cluster-waivers.ts';
import { loadClusterSpec } from './load-cluster-spec.ts';

const template = addHost(clusterTemplate({ name: 'kit', mode: 'cluster' }), { name: 'sensor-1', address: '10.0.0.11', roles: ['sensor'], auth: { method: 'agent' } });

function waiversOf(text: string) {
  const loaded = loadClusterSpec(text, 'cluster.yaml', { draft: true });
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  return loaded.spec.preflight?.waive ?? [];
}

describe('addWaiver', () => {
  it('adds preflight.waive to a spec without one, keeping its comments, and the result is a valid spec', () => {
    const text = addWaiver(template, { check: 'clock-skew', host: 'sensor-1', reason: 'GPS clock: arrives tomorrow' });
    expect(waiversOf(text)).toEqual([{ check: 'clock-skew', host: 'sensor-1', reason: 'GPS clock: arrives tomorrow' }]);
    expect(text).toContain('# A failing preflight check may be waived by its id');
    expect(text).toContain('\npreflight:\n  waive:\n    - {check: clock-skew, host: sensor-1, reason: "GPS clock: arrives tomorrow"}\n');
  });

  it('adds one for every host beside one for a host, and replaces the reason of the same waiver', () => {
    let text = addWaiver(template, { check: 'clock-skew', host: 'sensor-1', reason: 'first' });
    text = addWaiver(text, { check: 'clock-skew', reason: 'all hosts' });
    text = addWaiver(text, { check: 'clock-skew', host: 'sensor-1', reason: 'second' });
    expect(waiversOf(text)).toEqual([
      { check: 'clock-skew', host: 'sensor-1', reason: 'second' },
      { check: 'clock-skew', reason: 'all hosts' },
    ]);
  });

  it('refuses a preflight: that is not a map, saying to fix it by hand', () => {
    expect(() => addWaiver(`${template}\npreflight: yes\n`, { check: 'clock-skew', reason: 'x' })).toThrow(WaiverEditError);
  });
});

describe('removeWaiver', () => {
  it('removes exactly the waiver named, and preflight: with the last one', () => {
    let text = addWaiver(template, { check: 'clock-skew', host: 'sensor-1', reason: 'a' });
    text = addWaiver(text, { check: 'role-resources', reason: 'b' });
    text = removeWaiver(text, 'clock-skew', 'sensor-1');
    expect(waiversOf(text)).toEqual([{ check: 'role-resources', reason: 'b' }]);
    expect(() => removeWaiver(text, 'role-resources', 'sensor-1')).toThrow(/no waiver of role-resources for sensor-1/);
    text = removeWaiver(text, 'role-resources');
    expect(text).not.toMatch(/^preflight:/m);
    expect(() => removeWaiver(text, 'role-resources')).toThrow(/nothing to remove/);
  });
});
