/**
 * One finding as one line for a terminal or a log:
 *   FAIL  sensor-1  role-resources  sensor-1 has 8 GiB RAM; a sensor needs 12 GiB (short by 4 GiB). Fix: …
 * Messages carry names read from hosts, so control characters are replaced: no terminal escapes get through.
 */
import type { Finding } from './finding.ts';

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

export function formatFinding(finding: Finding): string {
  const message = printable(finding.message);
  const fix = printable(finding.fix);
  const line = `${finding.severity.toUpperCase()}  ${printable(finding.host ?? '-')}  ${finding.check}  ${message}`;
  if (fix === '') return line;
  return `${line}${/[.?!]$/.test(message) ? '' : '.'} Fix: ${fix}`;
}
