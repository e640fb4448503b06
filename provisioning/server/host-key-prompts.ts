/**
 * Host-key questions put to the faces. On first contact with a host whose key is not pinned, the engine asks
 * (ClusterSession's confirmNewHost) and waits; every face gets a hostKey.prompt event with the SHA-256
 * fingerprint, the first hostKey.confirm answers it, and hostKey.settled closes it everywhere. The same key offered
 * again while its question is open (a reconnect) shares that question. Nothing waits on the answer but the work that
 * asked (no connection is held open: see HostConnection), so a question stays open until answered, as long as that
 * takes — a reloaded page is asked again — unless a timeout is given; it is declined when that work ends.
 */
import { randomUUID } from 'node:crypto';
import type { EngineEvent, EventOf } from '../contract/events.ts';
import type { HostKeyOffer } from '../ssh/connection.ts';

interface OpenPrompt {
  event: EventOf<'hostKey.prompt'>;
  answer: Promise<boolean>;
  settle: (accepted: boolean, how: 'answered' | 'expired') => void;
}

export class HostKeyPrompts {
  private readonly open = new Map<string, OpenPrompt>();

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    /** Declines a question left unanswered this long; none by default. */
    private readonly timeoutMs?: number,
  ) {}

  /** `host`: how the host is named in the project (its address when it is not one of the project's). */
  ask(offer: HostKeyOffer, host: string): Promise<boolean> {
    for (const prompt of this.open.values()) {
      const e = prompt.event;
      if (e.address === offer.host && e.port === offer.port && e.fingerprint === offer.fingerprint) return prompt.answer;
    }
    const promptId = randomUUID();
    const event: EventOf<'hostKey.prompt'> = {
      type: 'hostKey.prompt',
      promptId,
      host,
      address: offer.host,
      port: offer.port,
      keyType: offer.keyType,
      fingerprint: offer.fingerprint,
    };
    let settle!: OpenPrompt['settle'];
    const answer = new Promise<boolean>((resolve) => {
      const timer = this.timeoutMs === undefined ? undefined : setTimeout(() => settle(false, 'expired'), this.timeoutMs);
      settle = (accepted, how) => {
        if (!this.open.delete(promptId)) return;
        clearTimeout(timer);
        this.emit({ type: 'hostKey.settled', promptId, accepted, how });
        resolve(accepted);
      };
    });
    this.open.set(promptId, { event, answer, settle });
    this.emit(event);
    return answer;
  }

  /** False when no such question is open (answered by another face, or expired). */
  answer(promptId: string, accept: boolean): boolean {
    const prompt = this.open.get(promptId);
    if (!prompt) return false;
    prompt.settle(accept, 'answered');
    return true;
  }

  /** The questions still open, for a face that connects while they wait. */
  pending(): EventOf<'hostKey.prompt'>[] {
    return [...this.open.values()].map((p) => p.event);
  }

  /** Declines every open question (the work that asked is over, or the server stops). */
  expireAll(): void {
    for (const prompt of [...this.open.values()]) prompt.settle(false, 'expired');
  }
}
