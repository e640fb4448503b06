import { describe, expect, it } from 'vitest';
import { RebootGate } from './reboot-host.ts';

describe('RebootGate', () => {
  it('lets one group of hosts reboot at a time', async () => {
    const gate = new RebootGate(2);
    let down = 0;
    let peak = 0;
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((host) => gate.run(async () => {
      down++;
      peak = Math.max(peak, down);
      order.push(host);
      await new Promise((r) => setTimeout(r, 20));
      down--;
    })));
    expect(peak).toBe(2);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
