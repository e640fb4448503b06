/**
 * Keeping capture NIC settings across reboots and driver reloads: ethtool and ip settings vanish with the device,
 * so a systemd unit re-applies them at boot from Picket's own config per NIC. On hosts with udev the unit is bound
 * to the NIC's device; a container has no udev device units, so there it simply runs at boot.
 */
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { managedFileStep } from './managed-file-step.ts';
import { missingParents, readRemoteFile, removeRemoteFile, writeRemoteFile } from './remote-file.ts';

export const TUNE_SCRIPT = '/usr/local/sbin/picket-capture-nic';
export const UNIT_TEMPLATE = '/etc/systemd/system/picket-capture@.service';
export const configPath = (nic: string) => `/etc/picket/capture/${nic}.conf`;

// The script reads only its own config file; every value in it was validated when Picket wrote it.
const SCRIPT = `#!/bin/sh
# Written by Picket: re-applies capture tuning of one NIC at boot (see ${UNIT_TEMPLATE}).
set -u
nic="$1"
conf="/etc/picket/capture/$nic.conf"
[ -r "$conf" ] || { echo "no $conf" >&2; exit 1; }
OFFLOADS_OFF= OFFLOADS_ON= PRIV_FLAGS_OFF= PAUSE_OFF= COALESCE_RX_USECS= SYMMETRIC_RSS=
RX_RING= TX_RING= CHANNELS_KIND= CHANNELS= MTU= IRQ_CPUS=
. "$conf"
status=0
for f in $OFFLOADS_OFF; do ethtool -K "$nic" "$f" off || status=1; done
for f in $OFFLOADS_ON; do ethtool -K "$nic" "$f" on || status=1; done
for f in $PRIV_FLAGS_OFF; do ethtool --set-priv-flags "$nic" "$f" off || status=1; done
[ -n "$RX_RING" ] && { ethtool -G "$nic" rx "$RX_RING" || status=1; }
[ -n "$TX_RING" ] && { ethtool -G "$nic" tx "$TX_RING" || status=1; }
[ -n "$CHANNELS" ] && { ethtool -L "$nic" "$CHANNELS_KIND" "$CHANNELS" || status=1; }
if [ "$SYMMETRIC_RSS" = xor ]; then
  ethtool -X "$nic" hfunc toeplitz xfrm symmetric-xor || status=1
elif [ "$SYMMETRIC_RSS" = low-entropy-key ]; then
  # The key keeps the NIC's own length: 0x6d5a repeated.
  n=$(ethtool -x "$nic" | sed -n '/^RSS hash key:/{n;p;q;}' | tr ':' ' ' | wc -w)
  k=; i=0; while [ "$i" -lt "$n" ]; do if [ $((i % 2)) -eq 0 ]; then b=6d; else b=5a; fi; k="\${k:+$k:}$b"; i=$((i + 1)); done
  [ -n "$k" ] && { ethtool -X "$nic" hkey "$k" hfunc toeplitz || status=1; }
fi
[ -n "$COALESCE_RX_USECS" ] && { ethtool -C "$nic" adaptive-rx off rx-usecs "$COALESCE_RX_USECS" || status=1; }
[ -n "$PAUSE_OFF" ] && { ethtool -A "$nic" rx off tx off || status=1; }
ip link set dev "$nic" promisc on || status=1
[ -n "$MTU" ] && { ip link set dev "$nic" mtu "$MTU" || status=1; }
ip -4 addr flush dev "$nic" scope global; ip -6 addr flush dev "$nic" scope global
if [ -n "$IRQ_CPUS" ] && [ -d "/sys/class/net/$nic/device/msi_irqs" ]; then
  # One IRQ per planned CPU, in IRQ order, wrapping round (as the tuning step pinned them).
  cpus=$IRQ_CPUS
  for i in $(ls "/sys/class/net/$nic/device/msi_irqs" | sort -n); do
    [ -n "$cpus" ] || cpus=$IRQ_CPUS
    cpu=\${cpus%% *}
    case "$cpus" in *" "*) cpus=\${cpus#* } ;; *) cpus= ;; esac
    printf %s "$cpu" > "/proc/irq/$i/smp_affinity_list" || status=1
  done
fi
exit $status
`;

export function unitTemplate(container: boolean): string {
  const device = container
    ? '# No udev here (container): run at boot, after the network links exist.\nAfter=systemd-networkd.service network-pre.target\n'
    : 'BindsTo=sys-subsystem-net-devices-%i.device\nAfter=sys-subsystem-net-devices-%i.device network-pre.target\n';
  return `# Written by Picket\n[Unit]\nDescription=Picket capture tuning for %i\n${device}\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=${TUNE_SCRIPT} %i\n\n[Install]\nWantedBy=multi-user.target\n`;
}

export interface CaptureNicConfig {
  offloadsOff: string[];
  offloadsOn: string[];
  privateFlagsOff: string[];
  pauseFramesOff: boolean;
  coalesceRxUsecs: number | null;
  symmetricRss: 'low-entropy-key' | 'xor' | null;
  rings: { rx: number; tx: number } | null;
  channels: { kind: 'combined' | 'rx'; count: number } | null;
  mtu: number | null;
  irqCpus: number[];
}

export function captureNicConfig(nic: string, c: CaptureNicConfig): string {
  for (const f of [...c.offloadsOff, ...c.offloadsOn, ...c.privateFlagsOff]) {
    if (!/^[a-z0-9-]+$/.test(f)) throw new Error(`unexpected feature name ${JSON.stringify(f)}`);
  }
  const lines = [
    `# Written by Picket: capture tuning of ${nic}`,
    `OFFLOADS_OFF='${c.offloadsOff.join(' ')}'`,
    `OFFLOADS_ON='${c.offloadsOn.join(' ')}'`,
    `PRIV_FLAGS_OFF='${c.privateFlagsOff.join(' ')}'`,
    `PAUSE_OFF='${c.pauseFramesOff ? 1 : ''}'`,
    `COALESCE_RX_USECS='${c.coalesceRxUsecs ?? ''}'`,
    `SYMMETRIC_RSS='${c.symmetricRss ?? ''}'`,
    `RX_RING='${c.rings?.rx ?? ''}'`,
    `TX_RING='${c.rings?.tx ?? ''}'`,
    `CHANNELS_KIND='${c.channels?.kind ?? ''}'`,
    `CHANNELS='${c.channels?.count ?? ''}'`,
    `MTU='${c.mtu ?? ''}'`,
    `IRQ_CPUS='${c.irqCpus.join(' ')}'`,
  ];
  return `${lines.join('\n')}\n`;
}

export function tuneScriptStep(phase: string, host: string): Step {
  return managedFileStep({ phase, host, name: 'capture-script', title: `install ${TUNE_SCRIPT}`, path: TUNE_SCRIPT, content: SCRIPT, mode: '0755' });
}

export function unitTemplateStep(phase: string, host: string, container: boolean): Step {
  return managedFileStep({
    phase,
    host,
    name: 'capture-unit',
    title: `install ${UNIT_TEMPLATE}`,
    path: UNIT_TEMPLATE,
    content: unitTemplate(container),
    afterChange: async (ctx) => void (await ctx.must(sh`systemctl daemon-reload`, 'reload systemd')),
  });
}

async function enabled(ctx: StepContext, unit: string): Promise<boolean> {
  const out = await ctx.run(sh`systemctl is-enabled ${unit}`, `is ${unit} enabled`);
  return out.stdout.trim() === 'enabled';
}

/** The NIC's config file plus its enabled unit instance. */
export function captureNicPersistenceStep(phase: string, host: string, nic: string, config: CaptureNicConfig, needs: string[]): Step {
  const path = configPath(nic);
  const content = captureNicConfig(nic, config);
  const unit = `picket-capture@${nic}.service`;
  return {
    id: stepId(phase, host, `${nic}-persist`),
    title: `${nic}: settings kept across reboot (${unit})`,
    host,
    phase,
    needs,
    async check(ctx) {
      const changes = [
        ...((await readRemoteFile(ctx, path)) === content ? [] : [`write ${path}`]),
        ...((await enabled(ctx, unit)) ? [] : [`enable ${unit}`]),
      ];
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { file: await readRemoteFile(ctx, path), enabled: await enabled(ctx, unit), createdParents: await missingParents(ctx, path) };
    },
    async apply(ctx) {
      await writeRemoteFile(ctx, path, content);
      await ctx.must(sh`systemctl enable ${unit}`, `enable ${unit}`);
    },
    async verify(ctx) {
      return [
        ...((await readRemoteFile(ctx, path)) === content ? [] : [`${path} does not hold the planned settings`]),
        ...((await enabled(ctx, unit)) ? [] : [`${unit} is not enabled`]),
      ];
    },
    async revert(ctx, originals) {
      const before = originals as { file: string | null; enabled: boolean; createdParents: string[] };
      if (!before.enabled) await ctx.must(sh`systemctl disable ${unit}`, `disable ${unit}`);
      if (before.file === null) await removeRemoteFile(ctx, path, before.createdParents);
      else await writeRemoteFile(ctx, path, before.file);
    },
  };
}
