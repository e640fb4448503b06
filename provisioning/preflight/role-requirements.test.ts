import { describe, expect, it } from 'vitest';
import { GB, GiB } from './quantity.ts';
import { describeRoles, effectiveRoles, requirementFor } from './role-requirements.ts';

describe('requirementFor', () => {
  it('one role: its row of the table', () => {
    expect(requirementFor(['sensor'])).toEqual({ cores: 4, memoryBytes: 12 * GiB, diskBytes: { '/var/lib/rancher': 100 * GB, '/var/log': 100 * GB } });
    expect(requirementFor(['agent'])).toEqual({ cores: 2, memoryBytes: 8 * GiB, diskBytes: { '/var/lib/rancher': 100 * GB } });
  });

  it('roles that share the host take the larger of each minimum', () => {
    expect(requirementFor(['server', 'agent'])).toEqual({ cores: 4, memoryBytes: 16 * GiB, diskBytes: { '/var/lib/rancher': 100 * GB } });
    expect(requirementFor(['server', 'data'])).toEqual({ cores: 4, memoryBytes: 16 * GiB, diskBytes: { '/var/lib/rancher': 200 * GB } });
    expect(requirementFor(['sensor', 'agent'])).toEqual(requirementFor(['sensor']));
  });

  it('a sensor beside a server or data role adds its exclusive cores and RAM; disks still take the larger', () => {
    expect(requirementFor(['data', 'sensor'])).toEqual({ cores: 8, memoryBytes: 28 * GiB, diskBytes: { '/var/lib/rancher': 200 * GB, '/var/log': 100 * GB } });
  });

  it('standalone carries every role whatever the host lists', () => {
    expect(effectiveRoles('standalone', [])).toEqual(['server', 'data', 'sensor']);
    expect(requirementFor(effectiveRoles('standalone', ['sensor']))).toEqual({ cores: 8, memoryBytes: 28 * GiB, diskBytes: { '/var/lib/rancher': 200 * GB, '/var/log': 100 * GB } });
    expect(effectiveRoles('cluster', ['agent', 'sensor', 'server'])).toEqual(['server', 'sensor', 'agent']);
  });

  it('names the duty for messages', () => {
    expect(describeRoles('cluster', ['sensor'])).toBe('a sensor');
    expect(describeRoles('cluster', ['agent'])).toBe('an agent');
    expect(describeRoles('cluster', ['data'])).toBe('a data node');
    expect(describeRoles('cluster', ['server', 'sensor'])).toBe('a server + sensor host');
    expect(describeRoles('standalone', ['server', 'data', 'sensor'])).toBe('a standalone host (server, data and sensor)');
  });
});
