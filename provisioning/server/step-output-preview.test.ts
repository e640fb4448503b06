import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../contract/events.ts';
import { PREVIEW_FULL_NOTE, StepOutputPreview } from './step-output-preview.ts';

const output = (step: string, text: string): EngineEvent => ({ type: 'step.output', run: 'r1', step, host: 'h1', text });

describe('StepOutputPreview', () => {
  it('lets each step send up to the limit, cuts the event that crosses it with a note, then sends nothing more', () => {
    const preview = new StepOutputPreview(10);
    expect(preview.admit(output('a', '12345'))).toEqual(output('a', '12345'));
    expect(preview.admit(output('a', '6789abc'))).toEqual(output('a', `6789a${PREVIEW_FULL_NOTE}`));
    expect(preview.admit(output('a', 'more'))).toBeUndefined();
    expect(preview.admit(output('b', '0123456789'))).toEqual(output('b', '0123456789'));
  });

  it('passes every other event through', () => {
    const preview = new StepOutputPreview(1);
    preview.admit(output('a', 'xx'));
    const state: EngineEvent = { type: 'step.state', run: 'r1', step: 'a', host: 'h1', state: 'verified' };
    expect(preview.admit(state)).toBe(state);
  });

  it('never cuts a surrogate pair in half', () => {
    const preview = new StepOutputPreview(3);
    expect(preview.admit(output('a', 'ab𝄞c'))).toEqual(output('a', `ab${PREVIEW_FULL_NOTE}`));
  });
});
