// Turns the probe script's stdout into a validated HostInventory. Pure: no I/O, no clock.
// Every section is parsed on its own; one that is missing or malformed becomes a warning and a neutral value,
// never an exception, so one odd host fact cannot hide all the others.
import { assembleNic, type NicEvidence } from './assemble-nic.ts';
import { HostInventorySchema, type HostInventory, type Nic } from './host-inventory.ts';
import { parseCpuTopology } from './parse-cpu-topology.ts';
import { assembleCpu } from './assemble-cpu.ts';
import { parseCpuinfo } from './parse-cpuinfo.ts';
import {
  parseDefaultRouteDev,
  parseIpAddrJson,
  parseIpLinkJson,
  parseProcNetRouteDefault,
  parseRouteGetDev,
  type IpLink,
} from './parse-iproute.ts';
import { parseIommu } from './parse-iommu.ts';
import { parseDf, parseLsblkJson, parseSysBlock, type BlockDevice } from './parse-lsblk.ts';
import { parseHugepagePools, parseMeminfo, parseThpMode } from './parse-meminfo.ts';
import { parseNicSysfs } from './parse-nic-sysfs.ts';
import { parseOsRelease } from './parse-os-release.ts';
import { parseTimeSync } from './parse-time-sync.ts';
import { parseVirtualization } from './parse-virtualization.ts';
import { PROBE_FORMAT_VERSION, type ProbeSectionName } from './probe-protocol.ts';
import { splitProbeSections, type ProbeSection } from './split-probe-sections.ts';
import { splitLines } from './text-limits.ts';

const NIC_SECTIONS = ['nic', 'ethtool-i', 'ethtool-l', 'ethtool-g', 'ethtool-k'] as const;
type NicSectionName = (typeof NIC_SECTIONS)[number];

/** The first line of a section, without control characters (terminal escapes must not reach the UI). */
function firstLine(body: string | undefined, maxLength: number): string {
  const line = splitLines(body ?? '', 1)[0] ?? '';
  return line.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, maxLength);
}

class SectionIndex {
  private readonly single = new Map<ProbeSectionName, ProbeSection>();
  readonly nics = new Map<string, Partial<Record<NicSectionName, string>>>();

  constructor(
    sections: ProbeSection[],
    private readonly warnings: string[],
  ) {
    for (const section of sections) {
      if ((NIC_SECTIONS as readonly string[]).includes(section.name) && section.arg !== null) {
        const nic = this.nics.get(section.arg) ?? {};
        const name = section.name as NicSectionName;
        if (nic[name] !== undefined) warnings.push(`probe: duplicate ${name} section for ${section.arg}; first kept`);
        else nic[name] = section.body;
        this.nics.set(section.arg, nic);
      } else if (this.single.has(section.name)) {
        warnings.push(`probe: duplicate ${section.name} section; first kept`);
      } else {
        this.single.set(section.name, section);
      }
    }
  }

  has(name: ProbeSectionName): boolean {
    return this.single.has(name);
  }

  body(name: ProbeSectionName): string | undefined {
    return this.single.get(name)?.body;
  }

  arg(name: ProbeSectionName): string | null {
    return this.single.get(name)?.arg ?? null;
  }

  /** Runs a section parser; if it throws anyway, the section counts as malformed and `fallback` is used. */
  guard<T>(what: string, parse: () => T, fallback: T): T {
    try {
      return parse();
    } catch (error) {
      this.warnings.push(`probe: malformed ${what} section (${error instanceof Error ? error.message : 'error'})`);
      return fallback;
    }
  }
}

function findManagementNic(index: SectionIndex, nicNames: ReadonlySet<string>, addresses: Map<string, string[]>) {
  // 1. The device carrying the route back to the installer.
  const viaRoute = parseRouteGetDev(index.body('route-mgmt') ?? '');
  if (viaRoute !== null && nicNames.has(viaRoute)) return viaRoute;
  // 2. The interface holding the address the SSH session arrived on (route get says `lo` when the installer
  //    runs on this very host or the client address is local).
  const serverIp = firstLine(index.body('ssh-connection'), 200).split(' ')[2];
  if (serverIp !== undefined && serverIp !== '') {
    for (const [name, cidrs] of addresses) {
      if (nicNames.has(name) && cidrs.some((cidr) => cidr.split('/')[0] === serverIp)) return name;
    }
  }
  // 3. No SSH_CONNECTION (a local run): the default route's device.
  const viaDefault =
    parseDefaultRouteDev(index.body('route-default') ?? '') ?? parseProcNetRouteDefault(index.body('proc-net-route') ?? '');
  return viaDefault !== null && nicNames.has(viaDefault) ? viaDefault : null;
}

/**
 * The management device plus everything its traffic rides on: the lower device of a VLAN and the ports of a
 * bridge or bond (eth0 → bond0 → br0). None of them may be tuned or handed to a pod.
 */
function managementDevices(management: string, links: Map<string, IpLink>): Set<string> {
  const path = new Set([management]);
  for (let round = 0; round < 8; round++) {
    const before = path.size;
    for (const [name, link] of links) {
      if (link.master !== null && path.has(link.master)) path.add(name);
      if (path.has(name) && link.lower !== null && links.has(link.lower)) path.add(link.lower);
    }
    if (path.size === before) break;
  }
  return path;
}

function collectNics(index: SectionIndex, warnings: string[]): { nics: Nic[]; management: string | null } {
  const links = index.guard('ip-link', () => parseIpLinkJson(index.body('ip-link') ?? ''), null);
  const addresses = index.guard('ip-addr', () => parseIpAddrJson(index.body('ip-addr') ?? ''), null);
  if (index.has('ip-link') && links === null) warnings.push('ip: `ip -j -d link` gave no JSON (iproute2 < 4.13?); link kinds from sysfs only');
  if (index.has('ip-addr') && addresses === null) warnings.push('ip: `ip -j addr` gave no JSON; addresses unknown');

  const isLoopback = (name: string, link: IpLink | undefined) => name === 'lo' || link?.linkType === 'loopback';
  const names: string[] = [];
  for (const name of index.nics.keys()) if (!isLoopback(name, links?.get(name))) names.push(name);
  for (const [name, link] of links ?? []) if (!index.nics.has(name) && !isLoopback(name, link)) names.push(name);
  const nicNames = new Set(names);

  const management = findManagementNic(index, nicNames, addresses ?? new Map());
  const managementPath = management === null ? new Set<string>() : managementDevices(management, links ?? new Map());
  const nics: Nic[] = [];
  for (const name of names) {
    const raw = index.nics.get(name) ?? {};
    const evidence: NicEvidence = {
      name,
      sysfs: raw.nic === undefined ? null : index.guard(`nic ${name}`, () => parseNicSysfs(raw.nic ?? ''), null),
      ethtoolI: raw['ethtool-i'] ?? null,
      ethtoolL: raw['ethtool-l'] ?? null,
      ethtoolG: raw['ethtool-g'] ?? null,
      ethtoolK: raw['ethtool-k'] ?? null,
      ipLink: links?.get(name) ?? null,
      addresses: addresses?.get(name) ?? [],
      isManagement: managementPath.has(name),
    };
    const nic = index.guard(`nic ${name}`, () => assembleNic(evidence), null);
    if (nic !== null) nics.push(nic);
  }
  return { nics, management };
}

function collectDisks(index: SectionIndex, warnings: string[]): HostInventory['disks'] {
  let devices: BlockDevice[] | null = index.guard('lsblk', () => parseLsblkJson(index.body('lsblk') ?? ''), null);
  if (devices === null) {
    warnings.push('disks: lsblk JSON unavailable; sizes from /sys/block, mounts unknown');
    devices = index.guard('sys-block', () => parseSysBlock(index.body('sys-block') ?? ''), []);
  }
  const df = index.guard('df', () => parseDf(index.body('df') ?? ''), new Map());
  return devices.map((device) => ({
    name: device.name,
    sizeBytes: device.sizeBytes,
    rotational: device.rotational,
    model: device.model,
    type: device.type,
    mounts: device.mountpoints.map((path) => ({
      path,
      sizeBytes: df.get(path)?.sizeBytes ?? null,
      freeBytes: df.get(path)?.freeBytes ?? null,
    })),
  }));
}

/**
 * Parses the stdout of `buildProbeScript(marker)`. Only lines that start with `marker` open sections; text
 * before the first section (banners) is ignored. Missing or malformed sections become `warnings`.
 */
export function parseProbeOutput(stdout: string, marker: string): HostInventory {
  const split = splitProbeSections(stdout, marker);
  const warnings = [...split.warnings];
  const index = new SectionIndex(split.sections, warnings);

  if (!index.has('begin')) warnings.push('probe: no begin section; is this probe output for this marker?');
  else if (index.arg('begin') !== String(PROBE_FORMAT_VERSION)) {
    warnings.push(`probe: format version ${JSON.stringify(index.arg('begin'))}, expected ${PROBE_FORMAT_VERSION}`);
  }
  if (!index.has('end')) warnings.push('probe: output ends before the end section (probe killed or truncated)');

  const missingTools = splitLines(index.body('missing-tools') ?? '', 50)
    .map((line) => line.trim())
    .filter((line) => /^[a-z0-9][a-z0-9._-]{0,39}$/.test(line));

  const osRelease = index.guard('os-release', () => parseOsRelease(index.body('os-release') ?? ''), {
    id: 'linux',
    version: '',
    prettyName: 'Linux',
  });
  const meminfo = index.guard('meminfo', () => parseMeminfo(index.body('meminfo') ?? ''), {
    totalBytes: null,
    availableBytes: null,
    defaultHugepages: null,
  });
  if (meminfo.totalBytes === null) warnings.push('memory: /proc/meminfo unreadable');

  const cpuinfo = index.guard('cpuinfo', () => parseCpuinfo(index.body('cpuinfo') ?? ''), {
    model: 'unknown',
    vendor: 'unknown',
    flags: [],
  });
  const topology = index.guard(
    'cpu-topology',
    () =>
      parseCpuTopology({
        online: index.body('cpu-online') ?? '',
        topology: index.body('cpu-topology') ?? '',
        numa: index.body('numa') ?? '',
        totalMemoryBytes: meminfo.totalBytes,
      }),
    { onlineCpus: [], sockets: 0, cores: 0, threads: 0, threadsPerCore: 1, numaNodes: [], smtSiblings: [], warnings: [] },
  );
  warnings.push(...topology.warnings);

  let hugepages = index.guard('hugepages', () => parseHugepagePools(index.body('hugepages') ?? ''), []);
  if (hugepages.length === 0 && meminfo.defaultHugepages !== null) hugepages = [meminfo.defaultHugepages];

  const { nics, management } = collectNics(index, warnings);
  if (management === null) warnings.push('network: management NIC not found (no route to the installer, no default route)');
  if (topology.numaNodes.length > 1) {
    for (const nic of nics) {
      if (nic.kind === 'physical' && nic.numaNode === null) {
        warnings.push(`network: ${nic.name} reports no NUMA node on a ${topology.numaNodes.length}-node host`);
      }
    }
  }

  const time = index.guard('time', () => parseTimeSync(index.body('time') ?? '', index.body('ntp-procs') ?? ''), {
    synchronized: null,
    ntpService: null,
    epochSeconds: null,
  });
  if (time.epochSeconds === null) warnings.push('time: host clock unreadable');
  const iommu = index.guard('iommu', () => parseIommu(index.body('iommu') ?? ''), { enabled: false, groups: 0, units: [] });

  return HostInventorySchema.parse({
    hostname: firstLine(index.body('hostname'), 253),
    os: {
      ...osRelease,
      kernel: firstLine(index.body('kernel'), 256),
      cmdline: firstLine(index.body('cmdline'), 4096),
    },
    cpu: assembleCpu(topology, cpuinfo),
    memory: {
      totalBytes: meminfo.totalBytes ?? 0,
      availableBytes: meminfo.availableBytes ?? 0,
      hugepages,
      transparentHugepages: parseThpMode(index.body('thp') ?? ''),
    },
    nics,
    disks: collectDisks(index, warnings),
    filesystems: [...index.guard('df', () => parseDf(index.body('df') ?? ''), new Map()).entries()]
      .map(([path, entry]) => ({ path, sizeBytes: entry.sizeBytes, freeBytes: entry.freeBytes }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    iommu: { enabled: iommu.enabled, groups: iommu.groups },
    virtualization: parseVirtualization(index.body('virt') ?? '', index.body('virt-hints') ?? ''),
    timeSync: { synchronized: time.synchronized, ntpService: time.ntpService, epochSeconds: time.epochSeconds ?? 0 },
    managementNic: management,
    missingTools,
    warnings,
  } satisfies HostInventory);
}
