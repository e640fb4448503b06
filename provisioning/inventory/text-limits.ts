// Host output is untrusted: every parser reads it through these bounds, so a hostile or broken host cannot make
// the installer allocate without limit.

/** Whole probe output; a real one is tens of kilobytes, a 500-NIC host a few megabytes. */
export const MAX_PROBE_BYTES = 32 * 1024 * 1024;
/** Lines any single section is read up to. */
export const MAX_SECTION_LINES = 200_000;
/** Highest logical CPU id accepted (the kernel's NR_CPUS tops out at 8192). */
export const MAX_CPU_ID = 8191;

/** Splits into lines (LF or CRLF), keeping at most `maxLines`. */
export function splitLines(text: string, maxLines: number = MAX_SECTION_LINES): string[] {
  const lines = text.split('\n', maxLines);
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** A non-negative safe integer written in decimal, or null. Rejects '', '-1', '1e3', '0x10'. */
export function parseCount(text: string | undefined): number | null {
  if (text === undefined) return null;
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}
