// Cuts the probe's stdout into sections. A line is a section header only if it starts with this run's marker
// followed by a space (or is the bare marker); everything a host prints — hostnames, cmdlines, disk models — is
// data, so a forged header without the right nonce stays inside the section it appeared in.
import { isValidInterfaceName } from './interface-name.ts';
import { isProbeSectionName, isValidProbeMarker, type ProbeSectionName } from './probe-protocol.ts';
import { MAX_PROBE_BYTES, splitLines } from './text-limits.ts';

export interface ProbeSection {
  name: ProbeSectionName;
  /** The header's argument: a NIC name for `nic`/`ethtool-*`, the queried IP for `route-mgmt`, else null. */
  arg: string | null;
  body: string;
}

export interface SplitProbeOutput {
  sections: ProbeSection[];
  warnings: string[];
}

const MAX_SECTIONS = 100_000;
const MAX_PROBE_LINES = 2_000_000;
const NIC_SECTIONS: ReadonlySet<string> = new Set(['nic', 'ethtool-i', 'ethtool-l', 'ethtool-g', 'ethtool-k']);

function printable(text: string): string {
  return JSON.stringify(text.slice(0, 80));
}

export function splitProbeSections(stdout: string, marker: string): SplitProbeOutput {
  if (!isValidProbeMarker(marker)) throw new Error('invalid probe marker');
  const warnings: string[] = [];
  let text = stdout;
  if (text.length > MAX_PROBE_BYTES) {
    warnings.push(`probe output larger than ${MAX_PROBE_BYTES} bytes; the rest was ignored`);
    text = text.slice(0, MAX_PROBE_BYTES);
  }
  const prefix = `${marker} `;
  const sections: ProbeSection[] = [];
  let current: { name: ProbeSectionName; arg: string | null; lines: string[] } | null = null;

  const close = () => {
    if (current === null) return;
    while (current.lines.length > 0 && current.lines.at(-1)?.trim() === '') current.lines.pop();
    sections.push({ name: current.name, arg: current.arg, body: current.lines.join('\n') });
    current = null;
  };

  for (const line of splitLines(text, MAX_PROBE_LINES)) {
    if (line !== marker && !line.startsWith(prefix)) {
      // Lines before the first header (a login banner, motd) belong to no section and are dropped.
      current?.lines.push(line);
      continue;
    }
    close();
    const rest = line.slice(prefix.length).trim();
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const arg = space < 0 ? null : rest.slice(space + 1).trim() || null;
    if (!isProbeSectionName(name)) {
      warnings.push(`probe: unknown section ${printable(name)} ignored`);
      continue;
    }
    if (NIC_SECTIONS.has(name) && (arg === null || !isValidInterfaceName(arg))) {
      warnings.push(`probe: ${name} section with invalid interface name ${printable(arg ?? '')} ignored`);
      continue;
    }
    if (sections.length >= MAX_SECTIONS) {
      warnings.push(`probe: more than ${MAX_SECTIONS} sections; the rest was ignored`);
      break;
    }
    current = { name, arg, lines: [] };
  }
  close();
  return { sections, warnings };
}
