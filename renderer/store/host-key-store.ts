/**
 * Host-key questions waiting for an answer (hostKey.prompt), gone once settled (hostKey.settled: answered here
 * or in another window, or expired). The last settlement is kept, to say what happened.
 */
import { createStore } from 'zustand/vanilla';
import type { EngineEvent, EventOf } from '../../provisioning/contract/events.ts';

export type HostKeyPrompt = EventOf<'hostKey.prompt'>;

export interface HostKeyState {
  prompts: HostKeyPrompt[];
  lastSettled: { host: string; fingerprint: string; accepted: boolean; how: 'answered' | 'expired' } | null;
}

export const EMPTY_HOST_KEYS: HostKeyState = { prompts: [], lastSettled: null };

export function reduceHostKeys(state: HostKeyState, event: EngineEvent): HostKeyState {
  if (event.type === 'hostKey.prompt') {
    if (state.prompts.some((p) => p.promptId === event.promptId)) return state;
    return { ...state, prompts: [...state.prompts, event] };
  }
  if (event.type === 'hostKey.settled') {
    const prompt = state.prompts.find((p) => p.promptId === event.promptId);
    if (!prompt) return state;
    return {
      prompts: state.prompts.filter((p) => p.promptId !== event.promptId),
      lastSettled: { host: prompt.host, fingerprint: prompt.fingerprint, accepted: event.accepted, how: event.how },
    };
  }
  return state;
}

export function createHostKeyStore() {
  return createStore<HostKeyState>(() => EMPTY_HOST_KEYS);
}
