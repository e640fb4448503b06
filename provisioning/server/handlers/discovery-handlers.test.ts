/**
 * plan.get as several faces see it: a plan being made is shared by every face that asks meanwhile (not refused as
 * busy), every face hears it, and one connecting later gets it with what it must know.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../contract/events.ts';
import { stepId, type Step } from '../../engine/step.ts';
import { fakeSession, gatedStep, resultOf, serveHarness, type ServeHarness } from '../../../test/support/serve-doubles.ts';
import { faceDispatcher } from '../face-dispatcher.ts';
import { openFaceSession, type FaceSession } from '../face-session.ts';

/** A step whose check waits until released, counting how often it was checked. */
function slowCheck(host: string) {
  let release!: () => void;
  let markChecking!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const checking = new Promise<void>((r) => (markChecking = r));
  let checks = 0;
  const step: Step = {
    id: stepId('fake', host, 'slow-check'),
    title: 'slow check',
    host,
    phase: 'fake',
    needs: [],
    check: async () => {
      checks++;
      markChecking();
      await gate;
      return { state: 'changes', changes: ['mtu: 1500 -> 9000'] };
    },
    apply: async () => undefined,
    verify: async () => [],
  };
  return { step, release, checking, checks: () => checks };
}

interface Page {
  session: FaceSession;
  heard: EngineEvent[];
}

let h: ServeHarness | undefined;
const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) page.session.close();
  await h?.engine.close();
  h = undefined;
});

function page(harness: ServeHarness): Page {
  const heard: EngineEvent[] = [];
  const session = openFaceSession({
    engine: harness.engine,
    dispatcherFor: faceDispatcher(harness.engine, (line) => harness.logged.push(line)),
    onThisMachine: true,
    send: (event) => heard.push(event),
    onOverflow: () => undefined,
  });
  session.ready();
  const opened = { session, heard };
  pages.push(opened);
  return opened;
}

describe('plan.get shared between faces', () => {
  it('answers two pages asking at once with the one plan, checked once, and tells both', async () => {
    const slow = slowCheck('h1');
    h = serveHarness(fakeSession([slow.step]));
    const [first, second] = [page(h), page(h)];
    const asked = first.session.request('plan.get', {});
    await slow.checking;
    const joined = second.session.request('plan.get', {});
    slow.release();
    const [a, b] = await Promise.all([asked, joined]);
    expect(resultOf(a)).toEqual(resultOf(b));
    expect(slow.checks()).toBe(1);
    for (const p of [first, second]) expect(p.heard.filter((e) => e.type === 'plan.ready')).toEqual([{ type: 'plan.ready', plan: resultOf(a) }]);
    expect(h.logged).toEqual([]);
  });

  it('plans again when asked after the last plan landed, and still refuses other work meanwhile as busy', async () => {
    const slow = slowCheck('h1');
    h = serveHarness(fakeSession([slow.step]));
    const p = page(h);
    slow.release();
    resultOf(await p.session.request('plan.get', {}));
    resultOf(await p.session.request('plan.get', {}));
    expect(slow.checks()).toBe(2);

    const gated = gatedStep('h1');
    const busy = serveHarness(fakeSession([gated.step]));
    const run = busy.send('apply.start', {});
    await gated.started;
    const refused = await busy.send('plan.get', {});
    expect(refused).toMatchObject({ ok: false, error: { name: 'Busy' } });
    await busy.send('apply.cancel', { run: resultOf<{ run: string }>(await run).run });
    gated.release();
    await busy.engine.close();
  });

  it('gives a page connecting after the plan that plan in its snapshot, after the hosts', async () => {
    const slow = slowCheck('h1');
    h = serveHarness(fakeSession([slow.step]));
    slow.release();
    const plan = resultOf(await page(h).session.request('plan.get', {}));
    const late = page(h);
    const types = late.heard.map((e) => e.type);
    expect(late.heard.find((e) => e.type === 'plan.ready')).toEqual({ type: 'plan.ready', plan });
    // After the hosts, which would otherwise mark it stale on arrival.
    expect(types.lastIndexOf('entity.created')).toBeLessThan(types.indexOf('plan.ready'));
  });

  it('gives a later page a plan the hosts changed since before the hosts, so it arrives stale as it is', async () => {
    const slow = slowCheck('h1');
    h = serveHarness(fakeSession([slow.step]));
    slow.release();
    await page(h).session.request('plan.get', {});
    resultOf(await h.send('inventory.run', {}));
    const types = page(h).heard.map((e) => e.type);
    expect(types.indexOf('plan.ready')).toBe(0);
    expect(types.indexOf('entity.created')).toBeGreaterThan(0);
  });
});
