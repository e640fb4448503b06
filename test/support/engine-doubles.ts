/**
 * Test doubles for the step runner: steps that act on an in-memory "host" (a map of settings) instead of SSH,
 * so the runner's ordering, journaling and revert logic can be tested without hosts.
 */
import type { HostConnection } from '../../provisioning/ssh/connection.ts';
import type { HostAccess } from '../../provisioning/engine/step-runner.ts';
import { stepId, type Json, type Step } from '../../provisioning/engine/step.ts';

export type FakeHostState = Map<string, string>;

/** The runner asks for a connection per host; the fake steps never use it. */
export function fakeHostAccess(hosts: string[]): Map<string, HostAccess> {
  const unusedConnection = {} as HostConnection;
  return new Map(hosts.map((h) => [h, { connection: unusedConnection, sudo: false }]));
}

export interface FakeSettingOptions {
  needs?: string[];
  failApply?: boolean;
  notPermitted?: string;
  /** Called at apply, to observe order or interrupt. */
  onApply?: () => void;
}

/** A step that sets `key` to `value` on a fake host, recording and restoring the previous value. */
export function fakeSettingStep(state: FakeHostState, host: string, key: string, value: string, opts: FakeSettingOptions = {}): Step {
  return {
    id: stepId('fake', host, key),
    title: `set ${key}`,
    host,
    phase: 'fake',
    needs: opts.needs ?? [],
    async check() {
      if (opts.notPermitted) return { state: 'not-permitted', reason: opts.notPermitted };
      const current = state.get(key);
      return current === value ? { state: 'in-sync' } : { state: 'changes', changes: [`${key}: ${current ?? 'unset'} -> ${value}`] };
    },
    async capture(): Promise<Json> {
      return { value: state.get(key) ?? null };
    },
    async apply(ctx) {
      opts.onApply?.();
      ctx.log(`setting ${key}`);
      if (opts.failApply) throw new Error(`cannot set ${key}`);
      state.set(key, value);
    },
    async verify() {
      return state.get(key) === value ? [] : [`${key} is ${state.get(key)}`];
    },
    async revert(_ctx, originals) {
      const previous = (originals as { value: string | null }).value;
      if (previous === null) state.delete(key);
      else state.set(key, previous);
    },
  };
}
