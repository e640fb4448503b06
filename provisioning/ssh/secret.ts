/**
 * A secret (password, passphrase, token) that cannot leak by accident: printing, logging, JSON-encoding or
 * inspecting it yields "[redacted]". Only `reveal()` gives the value, at the one place that needs it.
 */
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  /** Removes every occurrence of the secret from a text (for output that might echo it back). */
  scrub(text: string): string {
    return this.#value.length >= 3 ? text.replaceAll(this.#value, REDACTED) : text;
  }
}
