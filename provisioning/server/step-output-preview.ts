/**
 * step.output events are a preview of each step's output: they go to every face at once with nothing to slow them
 * down, so a step that prints megabytes (an image import, a package install gone verbose) would flood every
 * WebSocket and the engine's memory with them. Each step of a run sends at most PREVIEW_CHARS that way, then one
 * note; all of it is in the step's log on disk, which a step terminal (terminal.open { run, step }) shows with
 * back-pressure.
 */
import type { EngineEvent } from '../contract/events.ts';

export const STEP_OUTPUT_PREVIEW_CHARS = 256 * 1024;

export const PREVIEW_FULL_NOTE = "\n[picket: this step prints more than a preview holds; its terminal and its log have all of it]\n";

export class StepOutputPreview {
  private readonly used = new Map<string, number>();

  constructor(private readonly limit = STEP_OUTPUT_PREVIEW_CHARS) {}

  /** The event to send in place of this one (itself, or its text cut at the limit with the note), or none. */
  admit(event: EngineEvent): EngineEvent | undefined {
    if (event.type !== 'step.output') return event;
    const key = `${event.run}\u0000${event.step}`;
    const used = this.used.get(key) ?? 0;
    if (used >= this.limit) return undefined;
    const room = this.limit - used;
    if (event.text.length <= room) {
      this.used.set(key, used + event.text.length);
      return event;
    }
    this.used.set(key, this.limit);
    // Never cut between the two halves of a surrogate pair.
    const cut = /[\uD800-\uDBFF]/.test(event.text[room - 1] ?? '') ? room - 1 : room;
    return { ...event, text: `${event.text.slice(0, cut)}${PREVIEW_FULL_NOTE}` };
  }
}
