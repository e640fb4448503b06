/**
 * The events waiting for one connection. Until the face says `ready` (its stores are listening) events are
 * queued, so nothing sent while the page loads is lost; then they go out in order, and later ones at once. A face
 * that never gets ready cannot make the server hoard events without bound: past the limit, it is dropped.
 */
import type { EngineEvent } from '../contract/events.ts';

export class EventOutbox {
  private queue: EngineEvent[] | undefined = [];

  constructor(
    private readonly send: (event: EngineEvent) => void,
    private readonly onOverflow: () => void,
    private readonly limit = 10_000,
  ) {}

  get isReady(): boolean {
    return this.queue === undefined;
  }

  push(event: EngineEvent): void {
    if (this.queue === undefined) {
      this.send(event);
      return;
    }
    this.queue.push(event);
    if (this.queue.length > this.limit) {
      this.queue = [];
      this.onOverflow();
    }
  }

  ready(): void {
    const queued = this.queue ?? [];
    this.queue = undefined;
    for (const event of queued) this.send(event);
  }
}
