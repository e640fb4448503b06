/**
 * The floor: the same bytes through a plain `cat` in a PTY into a Node read loop — no engine, no WebSocket, no
 * browser. The terminal is raw, so the bytes arrive as they are in the file and can be checked.
 */
import { spawn } from 'node-pty';
import { fnv1a, FNV_OFFSET } from './checksum.ts';

export interface FloorResult {
  bytes: number;
  checksum: number;
  seconds: number;
}

export function ptyFloor(file: string, expectedBytes: number): Promise<FloorResult> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    // The sleep keeps the PTY open after cat: node-pty drops what it has not read 200 ms after its process exits.
    const pty = spawn('/bin/sh', ['-c', 'stty raw -echo; cat "$0"; sleep 0.5', file], { cols: 200, rows: 50, encoding: null });
    let bytes = 0;
    let checksum = FNV_OFFSET;
    let finished: bigint | undefined;
    pty.onData((data: string | Buffer) => {
      const text = typeof data === 'string' ? data : data.toString('latin1');
      bytes += text.length;
      checksum = fnv1a(checksum, text);
      if (bytes >= expectedBytes && finished === undefined) finished = process.hrtime.bigint();
    });
    pty.onExit(() => {
      const end = finished ?? process.hrtime.bigint();
      resolve({ bytes, checksum, seconds: Number(end - started) / 1e9 });
    });
  });
}
