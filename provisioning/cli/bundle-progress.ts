/**
 * Byte progress for long bundle work (downloads, hashing), on stderr so stdout stays clean for results and
 * --json. On a terminal: one line redrawn in place, at most ten times a second. Elsewhere (CI logs, pipes): no
 * redraws — each finished item gets one line, and runs over 256 MiB add a line every 10% of the whole.
 */
import { formatBytes } from '../bundle/format-bytes.ts';

/** Below this, work is over too soon for milestones to help a log reader. */
const MILESTONE_MIN_BYTES = 256 * 1024 * 1024;

export function formatFraction(done: number, total: number | undefined): string {
  if (total === undefined || total === 0) return formatBytes(done);
  return `${formatBytes(done)} / ${formatBytes(total)} (${Math.floor((done / total) * 100)}%)`;
}

export interface ProgressLine {
  /** Redraws the live line (terminal only). */
  update(text: string): void;
  /** Logs a line that stays (clearing the live line first on a terminal). */
  log(text: string): void;
  /** For non-terminals: logs `text` when `done/total` crosses another 10% (counted afresh when `total` changes). */
  milestone(done: number, total: number, text: () => string): void;
  end(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let shown = false;
  let tenths = 0;
  let tenthsOf = -1;
  const clear = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  return {
    update(text) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = stream.columns ? stream.columns - 1 : 100;
      stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    log(text) {
      clear();
      stream.write(`${text}\n`);
    },
    milestone(done, total, text) {
      if (tty || total < MILESTONE_MIN_BYTES) return;
      if (total !== tenthsOf) {
        tenthsOf = total;
        tenths = 0;
      }
      const now = Math.floor((done / total) * 10);
      if (now > tenths && now < 10) {
        tenths = now;
        stream.write(`${text()}\n`);
      }
    },
    end: clear,
  };
}
