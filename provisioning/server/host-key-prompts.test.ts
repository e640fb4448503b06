import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../contract/events.ts';
import { HostKeyPrompts } from './host-key-prompts.ts';

const offer = { host: '198.18.0.5', port: 22, keyType: 'ssh-ed25519', fingerprint: `SHA256:${'x'.repeat(43)}` };

afterEach(() => vi.useRealTimers());

describe('HostKeyPrompts', () => {
  it('asks every face with the fingerprint and waits for the first answer', async () => {
    const events: EngineEvent[] = [];
    const prompts = new HostKeyPrompts((e) => events.push(e));
    const answer = prompts.ask(offer, 'lab-1');
    expect(events).toEqual([{ type: 'hostKey.prompt', promptId: expect.any(String), host: 'lab-1', address: '198.18.0.5', port: 22, keyType: 'ssh-ed25519', fingerprint: offer.fingerprint }]);
    const { promptId } = events[0] as { promptId: string };
    expect(prompts.pending()).toHaveLength(1);
    expect(prompts.answer(promptId, true)).toBe(true);
    expect(await answer).toBe(true);
    expect(events[1]).toEqual({ type: 'hostKey.settled', promptId, accepted: true, how: 'answered' });
    expect(prompts.answer(promptId, false)).toBe(false);
    expect(prompts.pending()).toEqual([]);
  });

  it('shares one question between reconnects offering the same key', async () => {
    const events: EngineEvent[] = [];
    const prompts = new HostKeyPrompts((e) => events.push(e));
    const first = prompts.ask(offer, 'lab-1');
    const again = prompts.ask(offer, 'lab-1');
    expect(events).toHaveLength(1);
    prompts.answer((events[0] as { promptId: string }).promptId, false);
    expect([await first, await again]).toEqual([false, false]);
  });

  it('keeps a question open as long as it takes, when given no timeout', async () => {
    vi.useFakeTimers();
    const events: EngineEvent[] = [];
    const prompts = new HostKeyPrompts((e) => events.push(e));
    const answer = prompts.ask(offer, 'lab-1');
    vi.advanceTimersByTime(24 * 3600_000);
    expect(prompts.pending()).toHaveLength(1);
    prompts.answer((events[0] as { promptId: string }).promptId, true);
    expect(await answer).toBe(true);
  });

  it('declines a question nobody answers in time', async () => {
    vi.useFakeTimers();
    const events: EngineEvent[] = [];
    const prompts = new HostKeyPrompts((e) => events.push(e), 1000);
    const answer = prompts.ask(offer, 'lab-1');
    vi.advanceTimersByTime(1000);
    expect(await answer).toBe(false);
    expect(events[1]).toMatchObject({ type: 'hostKey.settled', accepted: false, how: 'expired' });
  });

  it('declines every open question when the work that asked is over', async () => {
    const prompts = new HostKeyPrompts(() => undefined);
    const a = prompts.ask(offer, 'lab-1');
    const b = prompts.ask({ ...offer, host: '198.18.0.9' }, 'lab-2');
    prompts.expireAll();
    expect([await a, await b]).toEqual([false, false]);
  });
});
