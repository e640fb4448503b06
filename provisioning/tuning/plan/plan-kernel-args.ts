// Kernel command-line arguments (tuning reference §2.3) and whether the running kernel already has them. CPU
// isolation covers the sensor worker CPUs only: management, Zeek control and IRQ cores stay schedulable.
// Hugepages are never planned: AF_PACKET rings do not use them (only DPDK capture would).
import { formatCpuList } from '../../inventory/format-cpu-list.ts';
import type { KernelArg } from './host-tuning-plan.ts';
import type { VirtualizationKind } from './virtualization-kind.ts';

export interface KernelArgsInput {
  vendor: string;
  virtualization: VirtualizationKind;
  /** CPUs running sensor workers (and the idle siblings of Zeek cores). */
  isolated: readonly number[];
  housekeeping: readonly number[];
  sriov: boolean;
}

export function planKernelArgs(input: KernelArgsInput): KernelArg[] {
  if (input.virtualization === 'container') return [];
  const args: KernelArg[] = [];
  if (input.isolated.length > 0) {
    const workers = formatCpuList(input.isolated);
    args.push(
      {
        arg: `isolcpus=managed_irq,domain,${workers}`,
        why: 'keeps load balancing and kernel-managed interrupts off the sensor workers; each worker thread is pinned by its sensor',
      },
      { arg: `nohz_full=${workers}`, why: 'stops the scheduler tick on workers that run one thread (kernels built with CONFIG_NO_HZ_FULL)' },
      { arg: `rcu_nocbs=${workers}`, why: 'runs RCU callbacks on housekeeping CPUs instead of the workers' },
    );
  }
  if (input.housekeeping.length > 0) {
    args.push({ arg: `irqaffinity=${formatCpuList(input.housekeeping)}`, why: 'every interrupt not pinned by Picket starts on the housekeeping CPUs' });
  }
  if (input.isolated.length > 0 && input.virtualization === 'bare-metal' && input.vendor === 'GenuineIntel') {
    const why = 'limits (does not disable) deep C-states: shorter wake-ups while turbo keeps its headroom';
    args.push({ arg: 'intel_idle.max_cstate=3', why }, { arg: 'processor.max_cstate=3', why });
  }
  if (input.sriov) {
    if (input.vendor === 'GenuineIntel') args.push({ arg: 'intel_iommu=on', why: 'SR-IOV virtual functions need the IOMMU, which Intel kernels leave off' });
    args.push({ arg: 'iommu=pt', why: 'passthrough mode: host-driver DMA (the capture NICs) skips IOMMU translation and its cost' });
  }
  return args;
}

/** True when a planned argument is missing, verbatim, from the running kernel's command line. */
export function cmdlineLacks(args: readonly KernelArg[], cmdline: string): boolean {
  const tokens = cmdline.split(/\s+/).filter((token) => token !== '');
  // Everything after a bare `--` is passed to init, not read by the kernel.
  const end = tokens.indexOf('--');
  const running = new Set(end === -1 ? tokens : tokens.slice(0, end));
  return args.some((arg) => !running.has(arg.arg));
}
