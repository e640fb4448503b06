import { describe, expect, it } from 'vitest';
import { bareMetalInventory, cpuFromFixture, nicFromFixture } from '../../test/fixtures/fixture-inventory.ts';
import { fakeSettingStep } from '../../test/support/engine-doubles.ts';
import type { PlannedStep } from '../engine/step-runner.ts';
import { planHostTuning } from '../tuning/plan/plan-host-tuning.ts';
import { renderCoreMap } from '../tuning/plan/render-core-map.ts';
import { planReport } from './plan-report.ts';

function planned(host: string, key: string, check: PlannedStep['check'], needsReboot = false): PlannedStep {
  return { step: { ...fakeSettingStep(new Map(), host, key, 'x'), needsReboot }, check };
}

describe('planReport', () => {
  const sensorPlan = planHostTuning({
    host: 'sensor-1',
    inventory: bareMetalInventory({
      cpu: cpuFromFixture('xeon-e5-2697v4-2s'),
      nics: [nicFromFixture('virtio-net', 'eno1', { isManagement: true }), nicFromFixture('intel-x710-i40e', 'cap0', { numaNode: 0 })],
    }),
    roles: ['sensor'],
    capture: [{ nic: 'cap0', engines: ['zeek', 'suricata'] }],
  });

  it('is picket plan as data: per host its checks, changes, reboot, core map and notes', () => {
    const report = planReport(
      [{ name: 'server-1' }, { name: 'sensor-1', plan: sensorPlan }],
      [
        planned('server-1', 'sysctl', { state: 'in-sync' }),
        planned('sensor-1', 'cmdline', { state: 'changes', changes: ['isolcpus: none -> 2-17'] }, true),
        planned('sensor-1', 'governor', { state: 'not-permitted', reason: 'no cpufreq in a VM' }),
        planned('sensor-1', 'rings', { state: 'error', error: 'sensor-1: connection lost' }),
      ],
    );
    expect(report.changes).toBe(1);
    expect(report.errors).toBe(1);
    const [server, sensor] = report.hosts;
    expect(server).toEqual({
      host: 'server-1',
      reboot: false,
      changes: 0,
      steps: [{ id: 'fake/server-1/sysctl', title: 'set sysctl', phase: 'fake', needsReboot: false, check: { state: 'in-sync', detail: null } }],
      coreMap: null,
      cpuLayout: null,
      notes: [],
    });
    expect(sensor?.reboot).toBe(true);
    expect(sensor?.steps.map((s) => s.check)).toEqual([
      { state: 'changes', changes: ['isolcpus: none -> 2-17'] },
      { state: 'not-permitted', reason: 'no cpufreq in a VM' },
      { state: 'error', error: 'sensor-1: connection lost' },
    ]);
    expect(sensor?.coreMap).toBe(renderCoreMap(sensorPlan));
    expect(sensor?.coreMap).toMatch(/^sensor-1: 2 NUMA nodes/);
    expect(sensor?.notes).toEqual(sensorPlan.notes);
  });

  it('carries the core map as data too: nodes with SMT siblings grouped, each CPU in one role, NICs at their node', () => {
    const [sensor] = planReport([{ name: 'sensor-1', plan: sensorPlan }], []).hosts;
    const layout = sensor?.cpuLayout;
    expect(layout?.mode).toBe('exclusive');
    expect(layout?.nodes.map((n) => n.id)).toEqual([0, 1]);
    expect(layout?.nodes[0]?.cores[0]).toEqual(sensorPlan.layout.nodes[0]?.cores?.[0]);
    expect(layout?.nodes[0]?.cores.every((core) => core.length === 2)).toBe(true);
    expect(layout?.nics).toEqual([{ nic: 'cap0', numaNode: 0 }]);
    const roles = new Map(layout?.roles.map((r) => [r.role, r.cpus]));
    expect(roles.get('housekeeping')).toEqual(sensorPlan.layout.housekeeping);
    expect(roles.get('zeek')).toEqual(sensorPlan.layout.zeek);
    const all = layout?.roles.flatMap((r) => r.cpus) ?? [];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length + sensorPlan.layout.unused.length).toBe(72);
  });

  it('needs no reboot for a reboot step already in sync', () => {
    const report = planReport([{ name: 'h' }], [planned('h', 'cmdline', { state: 'in-sync' }, true)]);
    expect(report.hosts[0]?.reboot).toBe(false);
  });
});
