/** The listeners of a client's events, by type and for all: what every transport needs to implement `on`. */
import type { EngineEvent, EventOf, EventType } from '../../provisioning/contract/events.ts';

type AnyListener = (event: EngineEvent) => void;

export class EventListeners {
  private readonly byType = new Map<EventType, Set<AnyListener>>();
  private readonly all = new Set<AnyListener>();

  on<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    const set = this.byType.get(type) ?? new Set<AnyListener>();
    this.byType.set(type, set);
    // Only events of `type` are ever passed to this listener.
    const wrapped = listener as AnyListener;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  onAny(listener: AnyListener): () => void {
    this.all.add(listener);
    return () => this.all.delete(listener);
  }

  /** A listener that throws does not stop the others from hearing the event. */
  dispatch(event: EngineEvent): void {
    for (const listener of [...(this.byType.get(event.type) ?? []), ...this.all]) {
      try {
        listener(event);
      } catch (error) {
        console.error(`a listener of ${event.type} failed:`, error);
      }
    }
  }
}
