/**
 * Downloads one pinned artifact into DEST.part, resuming with an HTTP Range request after a dropped connection
 * (within this run, and across runs: a .part left by an earlier build is continued), then checks the sha256 and
 * only then renames it to DEST. A file that does not match its pin is deleted: nothing is left that looks valid.
 */
import { open, rename, rm, stat, truncate } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { sha256File } from './sha256-file.ts';

export interface DownloadRequest {
  /** The artifact's name, for messages. */
  name: string;
  url: string;
  sha256: string;
  size?: number | undefined;
  dest: string;
  onProgress?: (bytesDone: number, bytesTotal: number | undefined) => void;
  /** Connection attempts before giving up (each resumes where the last one stopped). */
  attempts?: number;
  /** Abort an attempt when no byte arrives for this long. */
  idleTimeoutMs?: number;
  /** Pause before attempt n+1 is n × this. */
  retryDelayMs?: number;
}

export interface DownloadResult {
  bytes: number;
  /** DEST already held the pinned bytes: nothing was fetched. */
  reused: boolean;
  /** Bytes already on disk when the first request of this run was sent (a resumed .part). */
  resumedFrom: number;
  /** Requests sent (more than one when the connection dropped). */
  requests: number;
}

/** The downloaded bytes are not the pinned ones; the file was deleted. */
export class ArtifactMismatchError extends Error {
  override readonly name = 'ArtifactMismatchError';
  constructor(
    readonly artifact: string,
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${artifact}: sha256 of ${url} is ${actual}, the lock pins ${expected}; the download was deleted (a changed upstream file, or a corrupted transfer)`);
  }
}

/** An HTTP answer that retrying will not fix (404, 403, …). */
class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `bytes 100-199/200` → { start: 100, total: 200 } */
function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? '');
  if (!m) return undefined;
  return { start: Number(m[1]), total: m[2] === '*' ? undefined : Number(m[2]) };
}

/** One request: appends to `part` from its current size; returns the total size when the server said it. */
async function fetchInto(req: DownloadRequest, part: string, idleTimeoutMs: number): Promise<number | undefined> {
  let have = (await sizeOf(part)) ?? 0;
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(), idleTimeoutMs);
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error(`no data for ${idleTimeoutMs / 1000} s`)), idleTimeoutMs);
  };
  try {
    // identity: the bytes on the wire are the file's bytes, so offsets and the sha256 mean what they say.
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (have > 0) headers.range = `bytes=${have}-`;
    const res = await fetch(req.url, { headers, signal: controller.signal, redirect: 'follow' });
    let total: number | undefined;
    if (res.status === 416 && have > 0) {
      // Nothing left to send: the .part is complete (or longer than the file, which the sha256 check will catch).
      await res.body?.cancel();
      const unsatisfied = /^bytes \*\/(\d+)$/.exec(res.headers.get('content-range') ?? '');
      return unsatisfied ? Number(unsatisfied[1]) : have;
    }
    if (res.status === 206) {
      const range = parseContentRange(res.headers.get('content-range'));
      if (!range || range.start !== have) {
        await res.body?.cancel();
        await truncate(part, 0);
        throw new HttpStatusError(`${req.url}: the server resumed at an unexpected offset (${res.headers.get('content-range') ?? 'no Content-Range'})`, true);
      }
      total = range.total;
    } else if (res.status === 200) {
      // The server ignored the Range header: start over.
      if (have > 0) await truncate(part, 0);
      have = 0;
      const length = res.headers.get('content-length');
      total = length === null ? undefined : Number(length);
    } else {
      await res.body?.cancel();
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new HttpStatusError(`${req.url}: HTTP ${res.status} ${res.statusText}`.trim(), retryable);
    }
    if (req.size !== undefined && total !== undefined && total !== req.size) {
      await res.body?.cancel();
      throw new HttpStatusError(`${req.name}: ${req.url} is ${total} bytes, the lock says ${req.size}`, false);
    }
    const file = await open(part, 'a');
    try {
      let done = have;
      const reader = res.body?.getReader();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        touch();
        await file.write(chunk.value);
        done += chunk.value.length;
        req.onProgress?.(done, total ?? req.size);
      }
    } finally {
      await file.close();
    }
    return total;
  } finally {
    clearTimeout(idle);
  }
}

export async function downloadArtifact(req: DownloadRequest): Promise<DownloadResult> {
  const attempts = req.attempts ?? 5;
  const idleTimeoutMs = req.idleTimeoutMs ?? 60_000;
  const retryDelayMs = req.retryDelayMs ?? 1_000;
  const part = `${req.dest}.part`;

  const existing = await sizeOf(req.dest);
  if (existing !== undefined) {
    if ((req.size === undefined || existing === req.size) && (await sha256File(req.dest)) === req.sha256) {
      return { bytes: existing, reused: true, resumedFrom: existing, requests: 0 };
    }
    await rm(req.dest, { force: true });
  }

  const resumedFrom = (await sizeOf(part)) ?? 0;
  let requests = 0;
  let freshStart = resumedFrom === 0;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1 && retryDelayMs > 0) await delay(retryDelayMs * (attempt - 1));
    let total: number | undefined;
    const have = (await sizeOf(part)) ?? 0;
    const expected = req.size;
    if (expected !== undefined && have > expected) await truncate(part, 0);
    if (expected === undefined || have < expected) {
      requests++;
      try {
        total = await fetchInto(req, part, idleTimeoutMs);
      } catch (error) {
        if (error instanceof HttpStatusError && !error.retryable) {
          await rm(part, { force: true });
          throw error;
        }
        lastError = error;
        continue;
      }
    }
    const got = (await sizeOf(part)) ?? 0;
    const want = expected ?? total;
    if (want !== undefined && got < want) {
      lastError = new Error(`the connection closed after ${got} of ${want} bytes`);
      continue;
    }
    const actual = await sha256File(part);
    if (actual === req.sha256) {
      await rename(part, req.dest);
      return { bytes: got, reused: false, resumedFrom, requests };
    }
    await rm(part, { force: true });
    // A .part from an earlier run may hold other bytes (another version): one fresh download before giving up.
    if (!freshStart) {
      freshStart = true;
      attempt--;
      continue;
    }
    throw new ArtifactMismatchError(req.name, req.url, req.sha256, actual);
  }
  const why = lastError instanceof Error ? (lastError.cause instanceof Error ? `${lastError.message}: ${lastError.cause.message}` : lastError.message) : String(lastError);
  throw new Error(`${req.name}: ${req.url} failed after ${attempts} attempts (${why}); run the build again to resume from ${(await sizeOf(part)) ?? 0} bytes`);
}
