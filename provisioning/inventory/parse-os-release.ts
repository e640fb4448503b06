// /etc/os-release (os-release(5)): shell-style KEY=value lines, values optionally quoted. Parsed as text only —
// never sourced — because the file comes from the host.
import { splitLines } from './text-limits.ts';

export interface OsRelease {
  id: string;
  version: string;
  prettyName: string;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quote = trimmed[0];
  if ((quote === '"' || quote === "'") && trimmed.length >= 2 && trimmed.endsWith(quote)) {
    const inner = trimmed.slice(1, -1);
    // Inside double quotes os-release allows \" \\ \$ \` escapes.
    return quote === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return trimmed;
}

export function parseOsRelease(text: string): OsRelease {
  const fields = new Map<string, string>();
  for (const line of splitLines(text, 500)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && !fields.has(match[1])) fields.set(match[1], unquote(match[2] ?? '').slice(0, 256));
  }
  const id = (fields.get('ID') ?? '').toLowerCase();
  return {
    // os-release(5): ID defaults to "linux", PRETTY_NAME to "Linux" when absent.
    id: id === '' ? 'linux' : id,
    version: fields.get('VERSION_ID') ?? '',
    prettyName: fields.get('PRETTY_NAME') ?? fields.get('NAME') ?? 'Linux',
  };
}
