/**
 * Uploads a byte range of a local file into a part file on a host over SFTP, resumable: it continues from the
 * part's current size. Writes are pipelined (many requests in flight, as OpenSSH's sftp does) so a slow or distant
 * link stays full, and they are sent in file order (the server writes them in the order they come), so an
 * interrupted upload leaves a part that is a clean prefix.
 *
 * Resuming trusts the part's size and leaves proof to the whole file's sha256, checked on the host once the part
 * is complete (a mismatch discards the part and sends the file again). Checking the prefix's hash before resuming
 * would read it on both sides — as much work as the final check, which is done anyway — to guard against a torn
 * write that the final check catches too.
 */
import { open as openLocal } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import type { HostConnection } from '../ssh/connection.ts';
import { HostError } from '../ssh/host-error.ts';

/** 128 KiB per write (below OpenSSH's 255 KiB limit, so ssh2 never splits one) and 2 MiB in flight: a channel window. */
const CHUNK = 128 * 1024;
const IN_FLIGHT = 16;
const { OPEN_MODE } = ssh2.utils.sftp;

export interface RangeUpload {
  localPath: string;
  remotePath: string;
  start: number;
  end: number;
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Bytes of the range now on the host (including what an earlier run left). */
  onProgress?: (bytesOnHost: number) => void;
}

function call<T>(label: string, what: string, run: (cb: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, value) => (error ? reject(new HostError(label, 'protocol', `${what}: ${error.message}`)) : resolve(value)));
  });
}

/** The remote file's size; undefined when there is none. */
async function remoteSize(sftp: SFTPWrapper, label: string, path: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    sftp.stat(path, (error, stats) => {
      if (!error) resolve(stats.size);
      else if ((error as { code?: number }).code === 2) resolve(undefined); // SSH_FX_NO_SUCH_FILE
      else reject(new HostError(label, 'protocol', `cannot stat ${path}: ${error.message}`));
    });
  });
}

/** Sends [max(part size, start), end) of the local file; returns the bytes sent this time. */
export async function uploadRange(connection: HostConnection, upload: RangeUpload, options: UploadOptions = {}): Promise<number> {
  const label = connection.label;
  const { signal } = options;
  if (signal?.aborted) throw new HostError(label, 'cancelled', `upload of ${upload.remotePath} cancelled`);
  const sftp = await connection.sftp();
  const local = await openLocal(upload.localPath, 'r');
  let handle: Buffer | undefined;
  try {
    const size = await remoteSize(sftp, label, upload.remotePath);
    const from = Math.max(upload.start, size ?? 0);
    options.onProgress?.(Math.min(from, upload.end) - upload.start);
    // Done — unless the part does not exist yet (an empty file still needs its empty part).
    if (from >= upload.end && size !== undefined) return 0;
    // Write and create, never truncate: what an earlier run sent stays.
    handle = await call<Buffer>(label, `cannot open ${upload.remotePath}`, (cb) =>
      sftp.open(upload.remotePath, OPEN_MODE.WRITE | OPEN_MODE.CREAT, { mode: 0o600 }, cb),
    );
    const remote = handle;
    let next = from;
    let acknowledged = from;
    let failure: Error | undefined;
    /** Settles once the write before the next chunk has been sent (not acknowledged). */
    let issued: Promise<void> = Promise.resolve();
    await new Promise<void>((resolve) => {
      let inFlight = 0;
      const pump = () => {
        if (failure || signal?.aborted) {
          if (inFlight === 0) resolve();
          return;
        }
        while (inFlight < IN_FLIGHT && next < upload.end) {
          const position = next;
          const length = Math.min(CHUNK, upload.end - position);
          next += length;
          inFlight++;
          const buffer = Buffer.allocUnsafe(length);
          // Local reads finish in any order, but the writes go out in file order (the server does them in the order
          // they come): a write sent ahead of an earlier one would leave a hole if the upload stops between them.
          const turn = issued;
          let sent!: () => void;
          issued = new Promise((resolve) => (sent = resolve));
          local
            .read(buffer, 0, length, position)
            .finally(() => turn)
            .then(
              ({ bytesRead }) => {
                // The next write may go as soon as this one is handed to ssh2 (before its acknowledgement).
                try {
                  if (bytesRead !== length) throw new Error(`${upload.localPath} is shorter than the bundle says (read ${bytesRead} of ${length} bytes at ${position})`);
                  if (failure || signal?.aborted) return false;
                  return call<void>(label, `writing ${upload.remotePath}`, (cb) => sftp.write(remote, buffer, 0, length, position, (error) => cb(error, undefined))).then(() => true);
                } finally {
                  sent();
                }
              },
              (error: unknown) => {
                sent();
                throw error;
              },
            )
            .then(
              (written) => {
                if (!written) return;
                acknowledged += length;
                options.onProgress?.(acknowledged - upload.start);
              },
              (error: unknown) => {
                failure ??= error instanceof Error ? error : new Error(String(error));
              },
            )
            .finally(() => {
              inFlight--;
              if (inFlight === 0 && (next >= upload.end || failure || signal?.aborted)) resolve();
              else pump();
            });
        }
        if (inFlight === 0) resolve();
      };
      signal?.addEventListener('abort', pump, { once: true });
      pump();
    });
    if (failure) throw failure instanceof HostError ? failure : new HostError(label, 'protocol', failure.message);
    if (signal?.aborted) throw new HostError(label, 'cancelled', `upload of ${upload.remotePath} cancelled`);
    return upload.end - from;
  } finally {
    await local.close();
    if (handle) await call<void>(label, `closing ${upload.remotePath}`, (cb) => sftp.close(handle!, (error) => cb(error, undefined))).catch(() => undefined);
    sftp.end();
  }
}
