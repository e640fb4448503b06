/**
 * What a bundle transfer could leave behind on a lab host, and what crossed the installer's link: the two readings
 * every bundle lab suite compares before and after a distribution.
 */
import { readFileSync } from 'node:fs';
import type { LabHost } from '../lab/lab.ts';
import { SWITCH_LINK } from '../lab/lab-layout.ts';
import { onLabHost } from './host-snapshot.ts';

/** For every user of the host: authorized_keys, the transfer records, and any temporary key or sender file. */
const TRACES = `for u in root fieldops guest; do
  h=$(getent passwd "$u" | cut -d: -f6); echo "== $u"
  cat "$h/.ssh/authorized_keys" 2>/dev/null; ls -a "$h/.picket-transfers" 2>/dev/null
done
find / -xdev \\( -name '*picket-transfer-*' -o -name 'picket-send*' \\) -print 2>/dev/null`;

export function transferTraces(host: LabHost): string {
  return onLabHost(host, TRACES);
}

/** Bytes the installer has sent into the lab's switch (the bridge is the installer's link). */
export function installerLinkTxBytes(): number {
  return Number(readFileSync(`/sys/class/net/${SWITCH_LINK}/statistics/tx_bytes`, 'utf8'));
}
