/**
 * The tuning phase: turns each host's pure tuning plan into steps, in the order a careful engineer would apply
 * them — NIC settings first (each refusing the management NIC), then host-wide settings, then the kernel command
 * line, and last the persistence that re-applies the NIC settings at every boot.
 */
import { RebootGate } from '../engine/reboot-host.ts';
import type { Phase, Step } from '../engine/step.ts';
import type { HostTuningPlan } from './plan/host-tuning-plan.ts';
import { captureNicPersistenceStep, tuneScriptStep, unitTemplateStep } from './steps/capture-persistence-steps.ts';
import { cpuGovernorStep } from './steps/cpu-governor-step.ts';
import { irqAffinityStep } from './steps/irq-affinity-step.ts';
import { irqbalanceOffStep } from './steps/irqbalance-step.ts';
import { grubDropInStep, kernelCmdlineStep } from './steps/kernel-cmdline-steps.ts';
import { nicChannelsStep } from './steps/nic-channels-step.ts';
import { nicLinkStep } from './steps/nic-link-step.ts';
import { coalescingStep, pauseFramesOffStep, privateFlagsOffStep, symmetricRssStep } from './steps/nic-ethtool-extras-steps.ts';
import { nicOffloadsStep } from './steps/nic-offloads-step.ts';
import { nicRingsStep } from './steps/nic-rings-step.ts';
import { sysctlStep } from './steps/sysctl-step.ts';

export const TUNING_PHASE = 'tuning';

export interface HostToTune {
  name: string;
  plan: HostTuningPlan;
  /** Containers share their host's kernel: no command line, no udev device units. */
  container: boolean;
}

export function hostTuningSteps(host: HostToTune, gate: RebootGate = new RebootGate(1)): Step[] {
  const p = TUNING_PHASE;
  const { name, plan } = host;
  const steps: Step[] = [];
  for (const nic of plan.nics) {
    steps.push(nicOffloadsStep(p, name, nic.nic, nic.offloadsOff, nic.offloadsOn ?? []));
    if (nic.privateFlagsOff?.length) steps.push(privateFlagsOffStep(p, name, nic.nic, nic.privateFlagsOff));
    if (nic.rings) steps.push(nicRingsStep(p, name, nic.nic, nic.rings));
    // Queues before the RSS key: changing the queue count can reset the indirection table.
    if (nic.channels) steps.push(nicChannelsStep(p, name, nic.nic, nic.channels));
    if (nic.symmetricRss) steps.push(symmetricRssStep(p, name, nic.nic, nic.symmetricRss));
    if (nic.coalescing) steps.push(coalescingStep(p, name, nic.nic, nic.coalescing.rxUsecs));
    if (nic.pauseFramesOff) steps.push(pauseFramesOffStep(p, name, nic.nic));
    steps.push(nicLinkStep(p, name, nic.nic, nic.mtu));
  }
  if (plan.irqbalance === 'disable') steps.push(irqbalanceOffStep(p, name));
  // IRQs are pinned after irqbalance is off (it would move them back) and after channel changes (which re-create them).
  for (const nic of plan.nics) steps.push(irqAffinityStep(p, name, nic.nic, nic.irqCpus));
  for (const s of plan.sysctls) steps.push(sysctlStep(p, name, s.key, s.value, s.why));
  if (plan.cpuGovernor === 'performance') steps.push(cpuGovernorStep(p, name));
  if (plan.kernelArgs.length > 0) {
    const args = plan.kernelArgs.map((k) => k.arg);
    const dropIn = grubDropInStep(p, name, args);
    steps.push(dropIn, kernelCmdlineStep(p, name, args, host.container, [dropIn.id], gate));
  }
  if (plan.nics.length > 0) {
    const script = tuneScriptStep(p, name);
    const unit = unitTemplateStep(p, name, host.container);
    steps.push(script, unit);
    for (const nic of plan.nics) {
      steps.push(
        captureNicPersistenceStep(p, name, nic.nic, {
          offloadsOff: nic.offloadsOff,
          offloadsOn: nic.offloadsOn ?? [],
          privateFlagsOff: nic.privateFlagsOff ?? [],
          pauseFramesOff: nic.pauseFramesOff ?? false,
          coalesceRxUsecs: nic.coalescing?.rxUsecs ?? null,
          symmetricRss: nic.symmetricRss,
          rings: nic.rings,
          channels: nic.channels,
          mtu: nic.mtu,
          irqCpus: nic.irqCpus,
        }, [script.id, unit.id]),
      );
    }
  }
  return steps;
}

/** `rebootGroupSize`: how many hosts may be rebooting at once (default one). */
export function tuningPhase(hosts: HostToTune[], rebootGroupSize = 1): Phase {
  const gate = new RebootGate(rebootGroupSize);
  return { name: TUNING_PHASE, title: 'Host tuning for lossless capture', steps: hosts.flatMap((h) => hostTuningSteps(h, gate)) };
}
