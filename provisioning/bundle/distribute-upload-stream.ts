/**
 * The installer's one upload to the first host, kept streaming: it sends the bundle's files in order, each from
 * where its part ends, without pausing between the unit steps that consume it (their checks, sha256 and placing
 * would otherwise leave the slow installer link idle between units). A unit step waits here until the bytes it
 * needs are on the host, then checks and places them as before; files the host already holds are skipped.
 */
import type { HostAccess } from '../engine/step-runner.ts';
import { join } from 'node:path';
import { uploadRange } from './distribute-upload.ts';
import { partPath, type DistributedFile } from './distribution-plan.ts';
import { readHoldings } from './distribution-remote.ts';

interface Waiter {
  file: DistributedFile;
  start: number;
  end: number;
  resolve: () => void;
  reject: (error: Error) => void;
  onProgress?: (bytes: number) => void;
}

export class UploadStream {
  /** Bytes of each file's part known to be on the host (by sha256), as the stream sends them. */
  private readonly onHost = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private running: Promise<void> | undefined;
  /** Index (in `files`) of the file being sent. */
  private current = -1;

  constructor(
    private readonly access: HostAccess,
    private readonly bundleDir: string,
    private readonly destination: string,
    /** The files in the order units carry them. */
    private readonly files: readonly DistributedFile[],
  ) {}

  /**
   * Resolves once bytes [start, end) of the file are on the host (a part at least `end` long), starting the stream
   * at this file if it is not running. A range behind a running stream is sent on its own.
   */
  async waitFor(file: DistributedFile, start: number, end: number, signal: AbortSignal, onProgress?: (bytes: number) => void): Promise<void> {
    if ((this.onHost.get(file.sha256) ?? -1) >= end) return;
    const index = this.files.indexOf(file);
    if (index < 0) throw new Error(`${file.path} is not a file of this upload`);
    if (this.running && index < this.current) {
      await uploadRange(this.access.connection, { localPath: join(this.bundleDir, file.path), remotePath: partPath(this.destination, file), start, end }, { signal, ...(onProgress ? { onProgress } : {}) });
      return;
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.add({ file, start, end, resolve, reject, ...(onProgress ? { onProgress } : {}) }));
    this.running ??= this.run(index, signal).finally(() => {
      this.running = undefined;
      this.current = -1;
    });
    return done;
  }

  private report(file: DistributedFile, bytes: number): void {
    this.onHost.set(file.sha256, bytes);
    for (const w of this.waiters) {
      if (w.file !== file) continue;
      w.onProgress?.(Math.max(0, Math.min(bytes, w.end) - w.start));
      if (bytes >= w.end) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  private async run(from: number, signal: AbortSignal): Promise<void> {
    try {
      const rest = this.files.slice(from);
      const holdings = await readHoldings(this.access, this.destination, rest, signal);
      for (const [i, file] of rest.entries()) {
        this.current = from + i;
        const held = holdings[i]!;
        // Placed already (its sha256 is the unit step's to check): nothing to send.
        if (held.final?.size === file.size) continue;
        await uploadRange(
          this.access.connection,
          { localPath: join(this.bundleDir, file.path), remotePath: partPath(this.destination, file), start: 0, end: file.size },
          { signal, onProgress: (bytes) => this.report(file, bytes) },
        );
        this.report(file, file.size);
      }
      // Whoever still waits asked for a file the stream found placed, or for one it already passed: send it now.
      for (const w of [...this.waiters]) {
        this.waiters.delete(w);
        uploadRange(this.access.connection, { localPath: join(this.bundleDir, w.file.path), remotePath: partPath(this.destination, w.file), start: w.start, end: w.end }, { signal, ...(w.onProgress ? { onProgress: w.onProgress } : {}) }).then(w.resolve, w.reject);
      }
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const w of this.waiters) w.reject(failure);
      this.waiters.clear();
    }
  }
}
