/**
 * `role-resources`: physical cores, RAM and free disk of each host against the minimum of the roles it carries
 * (the table and its sources are in ../role-requirements.ts).
 */
import type { Finding, PreflightHost, PreflightInput } from '../finding.ts';
import { mountForPath } from '../mount-for-path.ts';
import { gb, gib, listOf } from '../quantity.ts';
import { describeRoles, effectiveRoles, requirementFor, type Requirement } from '../role-requirements.ts';

const CHECK = 'role-resources';

// MemTotal is the installed RAM less what firmware and the kernel keep (a 16 GiB machine shows about 15.5 GiB),
// so a host passes within 5 % of the minimum; the message still prints the measured number.
const MEMORY_TOLERANCE = 0.95;

function finding(host: string, severity: Finding['severity'], message: string, fix: string): Finding {
  return { severity, host, check: CHECK, message, fix };
}

function coreFindings(host: PreflightHost, need: Requirement, who: string): Finding[] {
  const have = host.inventory.cpu.cores;
  if (have === 0) {
    return [finding(host.name, 'warn', `${host.name}'s physical cores could not be counted; ${who} needs ${need.cores}`, 'check /sys/devices/system/cpu/*/topology on the host, then run the check again')];
  }
  if (have >= need.cores) return [];
  return [
    finding(
      host.name,
      'fail',
      `${host.name} has ${have} physical core${have === 1 ? '' : 's'}; ${who} needs ${need.cores} (short by ${need.cores - have})`,
      `use a host with at least ${need.cores} physical cores for this role (SMT threads do not count: sensor workers are pinned to whole cores)`,
    ),
  ];
}

function memoryFindings(host: PreflightHost, need: Requirement, who: string): Finding[] {
  const have = host.inventory.memory.totalBytes;
  if (have >= need.memoryBytes * MEMORY_TOLERANCE) return [];
  const short = need.memoryBytes - have;
  return [
    finding(
      host.name,
      'fail',
      `${host.name} has ${gib(have)} RAM; ${who} needs ${gib(need.memoryBytes)} (short by ${gib(short)})`,
      `add at least ${gib(short)} of RAM, or give this role to a host with ${gib(need.memoryBytes)} or more`,
    ),
  ];
}

function diskFindings(host: PreflightHost, need: Requirement, who: string): Finding[] {
  // Paths on the same filesystem share its free space, so their needs are added per mount.
  const byMount = new Map<string, { free: number | null; paths: string[]; bytes: number }>();
  const findings: Finding[] = [];
  for (const [path, bytes] of Object.entries(need.diskBytes)) {
    const found = mountForPath(host.inventory, path);
    if (!found) {
      findings.push(
        finding(
          host.name,
          'warn',
          `free space for ${path} on ${host.name} is unknown: no filesystem in the inventory holds it; ${who} needs ${gb(bytes)} there`,
          `check by hand (df -h ${path}); if there is enough, waive role-resources for ${host.name}`,
        ),
      );
      continue;
    }
    const entry = byMount.get(found.mount.path) ?? { free: found.mount.freeBytes, paths: [], bytes: 0 };
    entry.paths.push(path);
    entry.bytes += bytes;
    byMount.set(found.mount.path, entry);
  }
  for (const [mount, { free, paths, bytes }] of byMount) {
    const holding = listOf(paths);
    if (free === null) {
      findings.push(
        finding(
          host.name,
          'warn',
          `free space on ${mount} (holding ${holding}) of ${host.name} is unknown: df did not report it; ${who} needs ${gb(bytes)} there`,
          `check by hand (df -h ${mount}); if there is enough, waive role-resources for ${host.name}`,
        ),
      );
      continue;
    }
    if (free >= bytes) continue;
    const short = bytes - free;
    const elsewhere =
      paths.length === 1
        ? `mount a volume of ${gb(bytes)} or more at ${paths[0]}`
        : `give ${listOf(paths.map((p) => `${p} (${gb(need.diskBytes[p] ?? 0)})`))} volumes of their own`;
    findings.push(
      finding(
        host.name,
        'fail',
        `${host.name} has ${gb(free)} free on ${mount} for ${holding}; ${who} needs ${gb(bytes)} there (short by ${gb(short)})`,
        `free at least ${gb(short)} on ${mount}, or ${elsewhere}`,
      ),
    );
  }
  return findings;
}

export function roleResources(input: PreflightInput): Finding[] {
  return input.hosts.flatMap((host) => {
    const roles = effectiveRoles(input.mode, host.roles);
    if (roles.length === 0) return [];
    const need = requirementFor(roles);
    const who = describeRoles(input.mode, roles);
    return [...coreFindings(host, need, who), ...memoryFindings(host, need, who), ...diskFindings(host, need, who)];
  });
}

