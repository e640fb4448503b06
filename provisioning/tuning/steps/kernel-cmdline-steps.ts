/**
 * Kernel command line for capture (CPU isolation, IOMMU): written as Picket's own GRUB drop-in (the user's
 * /etc/default/grub is never edited), then proven in /proc/cmdline after the managed reboot.
 */
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Step, type StepContext } from '../../engine/step.ts';
import { rebootAndWait, type RebootGate } from '../../engine/reboot-host.ts';
import { managedFileStep } from './managed-file-step.ts';

export const GRUB_DROP_IN = '/etc/default/grub.d/90-picket-capture.cfg';

export function grubDropInContent(args: string[]): string {
  for (const arg of args) {
    if (!/^[A-Za-z0-9_.,=:-]+$/.test(arg)) throw new Error(`refusing an unusual kernel argument: ${JSON.stringify(arg)}`);
  }
  return `# Written by Picket: kernel arguments for lossless capture. Remove with: picket reset --phase tuning\nGRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT ${args.join(' ')}"\n`;
}

async function regenerateGrub(ctx: StepContext): Promise<void> {
  const result = await ctx.run(
    sh`if command -v update-grub >/dev/null 2>&1; then update-grub; elif command -v grub2-mkconfig >/dev/null 2>&1; then grub2-mkconfig -o /boot/grub2/grub.cfg; else echo 'no update-grub or grub2-mkconfig: this host does not boot through GRUB here' >&2; fi`,
    'regenerate the GRUB configuration',
  );
  if (result.exitCode !== 0) throw new Error(`regenerating GRUB failed: ${result.stderr.trim().split('\n').pop()}`);
}

export function grubDropInStep(phase: string, host: string, args: string[]): Step {
  return managedFileStep({
    phase,
    host,
    name: 'grub-drop-in',
    title: `GRUB drop-in: ${args.join(' ')}`,
    path: GRUB_DROP_IN,
    content: grubDropInContent(args),
    needsReboot: true,
    afterChange: regenerateGrub,
  });
}

/**
 * Whether the running kernel was booted with every planned argument; apply is the managed reboot (through the
 * gate, so only one group of hosts is down at a time), verify reads /proc/cmdline of the new boot.
 */
export function kernelCmdlineStep(phase: string, host: string, args: string[], container: boolean, needs: string[], gate: RebootGate): Step {
  const missing = async (ctx: StepContext) => {
    const cmdline = (await ctx.must(sh`cat /proc/cmdline`, 'read the kernel command line')).trim().split(/\s+/);
    return args.filter((a) => !cmdline.includes(a));
  };
  return {
    id: stepId(phase, host, 'kernel-cmdline'),
    title: `kernel booted with ${args.join(' ')}`,
    host,
    phase,
    needs,
    needsReboot: true,
    async check(ctx) {
      const absent = await missing(ctx);
      if (absent.length === 0) return { state: 'in-sync' };
      if (container) return { state: 'not-permitted', reason: `a container shares its host's kernel: its command line cannot change (missing ${absent.join(' ')})` };
      return { state: 'changes', changes: [`reboot to boot with ${absent.join(' ')}`] };
    },
    async apply(ctx) {
      await gate.run(() => rebootAndWait(ctx.connection, { sudo: ctx.sudo, signal: ctx.signal, onProgress: (t) => ctx.log(t) }));
    },
    async verify(ctx) {
      return (await missing(ctx)).map((a) => `kernel command line lacks ${a}`);
    },
  };
}
