/**
 * Streaming sha256 of a file, at disk speed: two reusable buffers, so the next read (on libuv's thread pool) runs
 * while the current chunk is hashed; memory stays at 2 × CHUNK whatever the file's size.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';

const CHUNK = 1 << 20;

/** Called after each chunk: bytes hashed so far and the file's size when it was opened. */
export type HashProgress = (bytesDone: number, bytesTotal: number) => void;

/** Feeds every byte of the file into `hash`; returns how many bytes it read. */
export async function updateHashFromFile(hash: Hash, path: string, onProgress?: HashProgress): Promise<number> {
  const file = await open(path, 'r');
  try {
    const total = (await file.stat()).size;
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let which = 0;
    let done = 0;
    let pending = file.read(buffers[which]!, 0, CHUNK, null);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      which ^= 1;
      pending = file.read(buffers[which]!, 0, CHUNK, null);
      hash.update(buffer.subarray(0, bytesRead));
      done += bytesRead;
      onProgress?.(done, total);
    }
    return done;
  } finally {
    await file.close();
  }
}

/** The file's sha256 as 64 lowercase hex digits. */
export async function sha256File(path: string, onProgress?: HashProgress): Promise<string> {
  const hash = createHash('sha256');
  await updateHashFromFile(hash, path, onProgress);
  return hash.digest('hex');
}
