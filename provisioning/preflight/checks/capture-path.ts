/**
 * `capture-path`: is the TAP or SPAN really feeding each capture NIC? Read from packet counters sampled on the
 * host (sample-capture-path.ts): no link, or a link that carries nothing, warns before any sensor is deployed.
 */
import type { CaptureSample, Finding, PreflightInput } from '../finding.ts';
import { bitRate, decimal, seconds } from '../quantity.ts';

function sampleFinding(sample: CaptureSample): Finding {
  const { host, nic } = sample;
  const finding = (severity: Finding['severity'], message: string, fix: string): Finding => ({ severity, host, check: 'capture-path', message, fix });
  if (sample.link === 'unknown') {
    return finding('warn', `${nic} on ${host}: its link state and counters could not be read (no such NIC?)`, `check the capture NIC name against picket inventory for ${host}`);
  }
  if (sample.link === 'down' && sample.adminUp === false) {
    return finding('warn', `${nic} on ${host} is administratively down, so whether a TAP or SPAN feeds it cannot be seen`, `bring it up (ip link set dev ${nic} up; tuning does) and run the check again`);
  }
  if (sample.link === 'down') {
    return finding('warn', `${nic} on ${host}: link down — is the TAP or SPAN cabled to this port?`, `check the cable, the TAP's power and the SPAN destination port feeding ${nic}`);
  }
  if (sample.packetsPerSecond === 0) {
    return finding('warn', `${nic} on ${host}: no packets in ${seconds(sample.seconds)} — is the TAP or SPAN feeding this port?`, 'check that the SPAN session is active with the right source ports and direction, or that the TAP sits on a link that carries traffic');
  }
  return finding('info', `${nic} on ${host}: ${decimal(sample.packetsPerSecond)} packets/s (${bitRate(sample.bytesPerSecond)}) over ${seconds(sample.seconds)}`, '');
}

/** True when the host's inventory is known and has no such NIC: capture-nic fails that already. */
function reportedByCaptureNic(input: PreflightInput, sample: CaptureSample): boolean {
  const host = input.hosts.find((h) => h.name === sample.host);
  return host !== undefined && !host.inventory.nics.some((n) => n.name === sample.nic);
}

export function capturePath(input: PreflightInput): Finding[] {
  return (input.capture ?? []).filter((s) => !(s.link === 'unknown' && reportedByCaptureNic(input, s))).map(sampleFinding);
}
