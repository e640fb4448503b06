/**
 * Host tuning on real lab hosts: apply every step for real, prove it, restart the host and prove the settings
 * came back, then revert and prove the originals are back — file by file, setting by setting.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal, listRuns, newRunId, readJournal, stepHistories } from '../../provisioning/engine/journal.ts';
import { applySteps, planSteps, revertSteps, type HostAccess } from '../../provisioning/engine/step-runner.ts';
import type { HostConnection } from '../../provisioning/ssh/connection.ts';
import type { HostTuningPlan } from '../../provisioning/tuning/plan/host-tuning-plan.ts';
import { hostTuningSteps } from '../../provisioning/tuning/tuning-phase.ts';
import { hostLayout } from './lab-layout.ts';
import { restartHost, type LabHost } from './lab.ts';
import { acceptingOptions, connect, labHosts, rootTarget } from '../support/lab-hosts.ts';
import { hostSnapshot, onLabHost } from '../support/host-snapshot.ts';

let host: LabHost;
let connection: HostConnection;
const runsDir = join(mkdtempSync(join(tmpdir(), 'picket-tuning-')), 'runs');

const onHost = (command: string) => onLabHost(host, command);
const snapshot = () => hostSnapshot(host);

/** A tuning plan of the shape the planner produces, for a lab host's two capture veths. */
function labPlan(name: string): HostTuningPlan {
  const nic = (n: string) => ({
    nic: n,
    numaNode: 0,
    offloadsOff: ['generic-receive-offload', 'tcp-segmentation-offload', 'generic-segmentation-offload', 'rx-vlan-offload'],
    rings: null,
    channels: { kind: 'rx' as const, count: 2 },
    symmetricRss: null,
    coalescing: null,
    promisc: true as const,
    mtu: 1600,
    irqCpus: [1],
  });
  return {
    host: name,
    layout: { nodes: [{ id: 0, cpus: [0, 1] }], housekeeping: [0], irq: [1], zeek: [1], suricata: [1], perNic: [], unused: [] },
    nics: [nic('cap0'), nic('cap1')],
    sysctls: [
      { key: 'net.core.netdev_max_backlog', value: '250000', why: 'room for bursts before the softirq drains them' },
      { key: 'net.core.rmem_max', value: '268435456', why: 'large socket buffers' },
      { key: 'vm.swappiness', value: '1', why: 'keep sensor memory resident' },
      { key: 'net.ipv4.conf.cap0.rp_filter', value: '0', why: 'a capture port must not filter by reverse path' },
    ],
    kernelArgs: [{ arg: 'nohz_full=1', why: 'no timer tick on the worker core' }, { arg: 'rcu_nocbs=1', why: 'RCU callbacks off the worker core' }],
    irqbalance: 'disable',
    cpuGovernor: 'performance',
    rebootNeeded: true,
    notes: [],
  };
}

async function run(kind: 'apply' | 'revert') {
  const steps = hostTuningSteps({ name: host.name, plan: labPlan(host.name), container: true });
  const id = newRunId(runsDir);
  const journal = new Journal(join(runsDir, id), id);
  const hosts = new Map<string, HostAccess>([[host.name, { connection, sudo: false }]]);
  const history = stepHistories(listRuns(runsDir));
  const result = kind === 'apply'
    ? await applySteps(steps, { hosts, journal, history, logDir: join(journal.dir, 'logs') })
    : await revertSteps(steps, { hosts, journal, history });
  journal.close();
  return { result, records: readJournal(journal.file) };
}

async function plannedChanges() {
  const steps = hostTuningSteps({ name: host.name, plan: labPlan(host.name), container: true });
  const planned = await planSteps(steps, { hosts: new Map([[host.name, { connection, sudo: false }]]) });
  return planned.filter((p) => p.check.state === 'changes').map((p) => p.step.id);
}

let before: string;

beforeAll(async () => {
  host = (await labHosts())[1]!;
  connection = connect(rootTarget(host), await acceptingOptions());
  before = snapshot();
});

afterAll(() => connection.close());

describe('tuning a lab host', () => {
  it('applies every permitted setting, verifies it, and reports exactly what the host cannot take', async () => {
    expect((await plannedChanges()).length).toBeGreaterThan(5);
    const { result, records } = await run('apply');
    const failed = [...result.states].filter(([, s]) => s === 'failed');
    expect(failed).toEqual([]);
    expect(result.outcome).toBe('succeeded');
    const notPermitted = records.filter((r) => r.type === 'step-not-permitted').map((r) => [r.type === 'step-not-permitted' && r.step, r.type === 'step-not-permitted' && r.reason]);
    expect(notPermitted).toEqual([
      ['tuning/lab-2/sysctl-net.core.netdev_max_backlog', "net.core.netdev_max_backlog does not exist here (a global setting is not visible from a container's namespace, or the kernel lacks it)"],
      ['tuning/lab-2/sysctl-net.core.rmem_max', 'net.core.rmem_max is read-only here (/proc/sys is mounted read-only, as in a container)'],
      ['tuning/lab-2/sysctl-vm.swappiness', 'vm.swappiness is read-only here (/proc/sys is mounted read-only, as in a container)'],
      ['tuning/lab-2/cpu-governor', 'this host exposes no CPU frequency control (cpufreq), as in a VM or container'],
      ['tuning/lab-2/kernel-cmdline', "a container shares its host's kernel: its command line cannot change (missing nohz_full=1 rcu_nocbs=1)"],
    ]);
    const now = snapshot();
    expect(now).toContain('generic-receive-offload: off');
    expect(now).toMatch(/== cap0[\s\S]*1600 True/);
    expect(now).toMatch(/== cap0[\s\S]*Current hardware settings:\s+RX:\s+2\b/);
    expect(now).toContain('net.ipv4.conf.cap0.rp_filter=0');
    expect(now).toContain(' /etc/default/grub.d/90-picket-capture.cfg\n');
    expect(now).toContain(' /etc/systemd/system/multi-user.target.wants/picket-capture@cap0.service\n');
    expect(onHost('ip -o link show mgmt0')).not.toContain('PROMISC');
  });

  it('is idempotent: a second plan finds nothing to change', async () => {
    expect(await plannedChanges()).toEqual([]);
  });

  it('brings the settings back after the host restarts', async () => {
    connection.close();
    await restartHost(hostLayout(2), () => undefined);
    connection = connect(rootTarget(host), await acceptingOptions());
    // The veth capture NICs are new devices after the restart: only the boot unit can have re-tuned them.
    expect(onHost('systemctl is-active picket-capture@cap0.service picket-capture@cap1.service').trim().split('\n')).toEqual(['active', 'active']);
    expect(await plannedChanges()).toEqual([]);
  });

  it('reverts to the recorded originals, file by file and setting by setting', async () => {
    const { result } = await run('revert');
    expect(result.outcome).toBe('succeeded');
    expect(snapshot()).toBe(before);
    expect((await plannedChanges()).length).toBeGreaterThan(5);
  });
});
