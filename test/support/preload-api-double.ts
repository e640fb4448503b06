/**
 * A double of the desktop preload's `window.picket` for the renderer's IPC transport: the test answers each
 * request by hand (or lets it wait), pushes events as the main process would, and sees what the page asked.
 */
import type { PicketDesktopApi } from '../../provisioning/contract/desktop-bridge.ts';
import type { RequestName } from '../../provisioning/contract/requests.ts';

interface Asked {
  name: RequestName;
  payload: unknown;
  answer(value: unknown): void;
  fail(error: Error): void;
}

export class PreloadApiDouble implements PicketDesktopApi {
  readonly face = 'desktop' as const;
  readonly asked: Asked[] = [];
  readyCalls = 0;
  readyAnswer: unknown = { ok: true, result: {} };
  private readonly listeners = new Set<(event: unknown) => void>();

  request(name: RequestName, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => this.asked.push({ name, payload, answer: resolve, fail: reject }));
  }

  onEvent(listener: (event: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ready(): Promise<unknown> {
    this.readyCalls++;
    return Promise.resolve(this.readyAnswer);
  }

  get listening(): number {
    return this.listeners.size;
  }

  /** An event from the main process, as it arrives (unchecked). */
  push(event: unknown): void {
    for (const listener of this.listeners) listener(event);
  }
}
