import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.ts';

describe('Secret', () => {
  it('hides its value from every way of printing it', () => {
    const s = new Secret('hunter2-canary');
    const printed = [String(s), `${s}`, JSON.stringify({ s }), inspect(s), inspect({ nested: { s } })];
    for (const text of printed) expect(text).not.toContain('hunter2-canary');
    expect(s.reveal()).toBe('hunter2-canary');
  });

  it('scrubs itself out of text', () => {
    expect(new Secret('pw123').scrub('x pw123 y pw123')).toBe('x [redacted] y [redacted]');
  });
});
