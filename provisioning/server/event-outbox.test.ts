import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../contract/events.ts';
import { EventOutbox } from './event-outbox.ts';

const event = (n: number): EngineEvent => ({ type: 'step.output', run: 'r', step: 's', host: 'h', text: String(n) });

describe('EventOutbox', () => {
  it('keeps events until the face is ready, then sends them in order, and later ones at once', () => {
    const sent: string[] = [];
    const outbox = new EventOutbox((e) => sent.push((e as { text: string }).text), () => undefined);
    outbox.push(event(1));
    outbox.push(event(2));
    expect(sent).toEqual([]);
    outbox.ready();
    expect(sent).toEqual(['1', '2']);
    outbox.push(event(3));
    expect(sent).toEqual(['1', '2', '3']);
    expect(outbox.isReady).toBe(true);
  });

  it('gives up on a face that never gets ready instead of hoarding without bound', () => {
    let overflowed = 0;
    const outbox = new EventOutbox(() => undefined, () => overflowed++, 3);
    for (let i = 0; i < 4; i++) outbox.push(event(i));
    expect(overflowed).toBe(1);
  });
});
