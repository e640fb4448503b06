/**
 * Test doubles for the terminal component's pieces, browser-side (no Node types): an xterm whose write callbacks
 * fire when the test says it has parsed, and a clipboard that records what was copied.
 */

export class FakeXterm {
  readonly written: string[] = [];
  private readonly parsing: (() => void)[] = [];

  write(data: string, callback: () => void): void {
    this.written.push(data);
    this.parsing.push(callback);
  }

  /** Chunks written and not yet parsed. */
  get backlog(): number {
    return this.parsing.length;
  }

  /** xterm parses the next `count` chunks (all of them by default), firing their write callbacks in order. */
  parse(count = this.parsing.length): void {
    for (const callback of this.parsing.splice(0, count)) callback();
  }
}

export class FakeClipboard {
  readonly copied: string[] = [];
  refuse = false;

  async writeText(text: string): Promise<void> {
    if (this.refuse) throw new Error('clipboard access denied');
    this.copied.push(text);
  }
}
