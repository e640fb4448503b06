/**
 * `capture-nic`: every capture NIC named in the spec exists on its host, is not the management NIC (the sensor
 * pod takes the whole NIC, and the management NIC carries Picket's own SSH session), is listed once, and has a
 * link. A sensor needs at least one (Security Onion's sensor minimum is two NICs: management plus monitor).
 */
import type { Finding, PreflightHost, PreflightInput } from '../finding.ts';
import { effectiveRoles } from '../role-requirements.ts';

const CHECK = 'capture-nic';

function isLinkLocal(cidr: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(cidr) || cidr.startsWith('169.254.');
}

function nicFindings(host: PreflightHost, name: string, sampled: boolean): Finding[] {
  const finding = (severity: Finding['severity'], message: string, fix: string): Finding => ({ severity, host: host.name, check: CHECK, message, fix });
  const { inventory } = host;
  const nic = inventory.nics.find((n) => n.name === name);
  if (!nic) {
    const names = inventory.nics.map((n) => n.name).join(', ') || 'none';
    return [finding('fail', `${host.name} has no NIC named ${name} (it has: ${names})`, `correct the capture NIC of ${host.name} in the cluster spec (picket inventory lists its NICs)`)];
  }
  if (nic.isManagement || nic.name === inventory.managementNic) {
    return [
      finding(
        'fail',
        `${name} on ${host.name} is the management NIC (it carries the SSH session to this machine); giving it to a sensor pod would cut the host off`,
        `capture on another NIC of ${host.name}; ${name} must stay with the host`,
      ),
    ];
  }
  const findings: Finding[] = [];
  const addresses = nic.addresses.filter((a) => !isLinkLocal(a));
  if (addresses.length > 0) {
    findings.push(
      finding(
        'warn',
        `${name} on ${host.name} has address${addresses.length === 1 ? '' : 'es'} ${addresses.join(', ')}; the sensor pod takes the whole NIC and the host loses ${addresses.length === 1 ? 'it' : 'them'}`,
        `move what uses ${addresses.join(', ')} to another NIC, or choose a capture NIC without addresses`,
      ),
    );
  }
  // A capture-path sample is fresher than the inventory and says more; let it speak about the link.
  if (nic.link === 'down' && !sampled) {
    findings.push(
      finding(
        'warn',
        `${name} on ${host.name} has no link — is the TAP or SPAN cabled to this port?`,
        `check the cable and the TAP or SPAN feeding ${name}; if the interface is only administratively down, tuning brings it up`,
      ),
    );
  }
  return findings;
}

export function captureNic(input: PreflightInput): Finding[] {
  const sampled = new Set((input.capture ?? []).map((s) => `${s.host}\0${s.nic}`));
  return input.hosts.flatMap((host) => {
    const findings: Finding[] = [];
    if (host.capture.length === 0 && effectiveRoles(input.mode, host.roles).includes('sensor')) {
      findings.push({
        severity: 'fail',
        host: host.name,
        check: CHECK,
        message: `${host.name} is a sensor without a capture NIC; it needs at least one besides the management NIC`,
        fix: `cable a TAP or SPAN port to a free NIC of ${host.name} and name it as a capture NIC in the cluster spec`,
      });
    }
    const seen = new Set<string>();
    for (const { nic } of host.capture) {
      if (seen.has(nic)) {
        findings.push({ severity: 'fail', host: host.name, check: CHECK, message: `${nic} is listed more than once as a capture NIC of ${host.name}`, fix: 'list each capture NIC once' });
        continue;
      }
      seen.add(nic);
      findings.push(...nicFindings(host, nic, sampled.has(`${host.name}\0${nic}`)));
    }
    return findings;
  });
}
