/**
 * lab.available and lab.start through the real dispatcher, over a double of the machine and of the lab module:
 * when local test hosts are offered (and why not), what a start asks of the lab, what it answers, the progress
 * the asking face hears, and failures as data naming what to install.
 */
import { describe, expect, it } from 'vitest';
import { LabMachineDouble, type LabMachineDoubleOptions } from '../../../test/support/lab-machine-double.ts';
import { RecordingFace } from '../../../test/support/terminal-doubles.ts';
import * as realLab from '../../../test/lab/lab.ts';
import type { WireResponse } from '../../contract/wire.ts';
import { dispatchRequest } from '../dispatch-request.ts';
import { EngineService } from '../engine-service.ts';
import { labHandlers, thisMachine, type LabModule } from './lab-handlers.ts';
import { requestHandlers } from './request-handlers.ts';

// The real lab module fits what the handlers expect of it (a compile-time check: typecheck fails otherwise).
const fits: LabModule = realLab;

function harness(options: LabMachineDoubleOptions = {}, onThisMachine = true) {
  const engine = new EngineService({ log: () => undefined });
  const face = new RecordingFace(onThisMachine);
  const machine = new LabMachineDouble(options);
  const handlers = { ...requestHandlers(engine, face), ...labHandlers(engine, face, machine) };
  const send = (name: string, payload: unknown = {}): Promise<WireResponse> => dispatchRequest(handlers, name, payload, () => undefined);
  const progress = () => face.events.flatMap((e) => (e.type === 'lab.progress' ? [e.line] : []));
  return { machine, face, send, progress };
}

describe('lab.available', () => {
  it('is available on Linux, as root, with the lab in the checkout and systemd-nspawn installed', async () => {
    const h = harness();
    expect(await h.send('lab.available')).toEqual({ ok: true, result: { available: true } });
  });

  it('is not available off Linux', async () => {
    const answer = await harness({ platform: 'darwin' }).send('lab.available');
    expect(answer).toEqual({ ok: true, result: { available: false, reason: 'not-linux', why: expect.stringContaining('need Linux') } });
  });

  it('is not available when not root, and says to run as root', async () => {
    for (const uid of [1000, undefined]) {
      const answer = await harness({ uid }).send('lab.available');
      expect(answer).toEqual({ ok: true, result: { available: false, reason: 'not-root', why: expect.stringContaining('need root') } });
    }
  });

  it('is not available when this build has no lab module', async () => {
    const answer = await harness({ noLab: true }).send('lab.available');
    expect(answer).toEqual({ ok: true, result: { available: false, reason: 'no-lab', why: expect.stringContaining('this build has no lab') } });
  });

  it('is not available without systemd-nspawn, and names the package that has it', async () => {
    const answer = await harness({ missing: ['systemd-nspawn'] }).send('lab.available');
    expect(answer).toEqual({ ok: true, result: { available: false, reason: 'no-nspawn', why: expect.stringContaining('apt-get install systemd-container') } });
  });

  it('is not offered to a face on another machine', async () => {
    const h = harness({}, false);
    expect(await h.send('lab.available')).toEqual({ ok: true, result: { available: false, reason: 'remote-face', why: expect.stringContaining('only to a window on the machine') } });
    expect(h.machine.loads).toBe(0);
  });

  it('only looks: asking never starts a host', async () => {
    const h = harness();
    await h.send('lab.available');
    expect(h.machine.upCalls).toEqual([]);
  });
});

describe('the real machine', () => {
  it('finds the lab module of this checkout where the handlers look for it', async () => {
    const lab = await thisMachine.loadLab();
    expect(lab.up).toBe(fits.up);
    expect(lab.readLabHosts).toBe(fits.readLabHosts);
  });
});

describe('lab.start', () => {
  it('starts the hosts and answers with each one as root with the lab key, telling the face its progress', async () => {
    const h = harness();
    const answer = await h.send('lab.start', { hosts: 3 });
    expect(answer).toEqual({
      ok: true,
      result: {
        hosts: [1, 2, 3].map((i) => ({ name: `lab-${i}`, address: `198.18.8.${4 * i + 2}`, port: 22, user: 'root', identityFile: '/work/.lab/keys/id_ed25519' })),
      },
    });
    expect(h.machine.upCalls).toEqual([3]);
    expect(h.progress()).toEqual(['starting 3 local test hosts…', 'lab-1 up at 198.18.8.6', 'lab-2 up at 198.18.8.10', 'lab-3 up at 198.18.8.14', 'lab-1, lab-2, lab-3 answer SSH']);
  });

  it('keeps hosts already running: a smaller count answers with the first ones and stops none', async () => {
    const h = harness({ running: 4 });
    const answer = await h.send('lab.start', { hosts: 2 });
    expect(answer.ok && (answer.result as { hosts: { name: string }[] }).hosts.map((x) => x.name)).toEqual(['lab-1', 'lab-2']);
    expect(h.machine.upCalls).toEqual([4]);
  });

  it('refuses a count outside 1..8 before touching the lab', async () => {
    const h = harness();
    for (const hosts of [0, 9, 2.5]) {
      const answer = await h.send('lab.start', { hosts });
      expect(answer.ok ? 'ok' : answer.error.name).toBe('InvalidRequest');
    }
    expect(h.machine.upCalls).toEqual([]);
  });

  it('refuses where the lab is not available, saying why', async () => {
    const h = harness({ uid: 1000 });
    const answer = await h.send('lab.start', { hosts: 1 });
    expect(answer).toEqual({ ok: false, error: { name: 'LabUnavailable', message: expect.stringContaining('need root') } });
    expect(h.machine.upCalls).toEqual([]);
  });

  it('names the apt package of a missing tool (debootstrap) before starting anything', async () => {
    const h = harness({ missing: ['debootstrap'] });
    const answer = await h.send('lab.start', { hosts: 1 });
    expect(answer).toEqual({ ok: false, error: { name: 'LabToolMissing', message: expect.stringContaining('apt-get install debootstrap') } });
    expect(h.machine.upCalls).toEqual([]);
  });

  it('turns a program the lab could not run into what to install', async () => {
    const h = harness({ upFails: new Error('ethtool: spawn ethtool ENOENT') });
    const answer = await h.send('lab.start', { hosts: 1 });
    expect(answer).toEqual({ ok: false, error: { name: 'LabToolMissing', message: expect.stringContaining('apt-get install ethtool') } });
  });

  it('reports any other failure of the lab as data', async () => {
    const h = harness({ upFails: new Error('timed out after 90000 ms waiting for lab-1: sshd on 198.18.8.6') });
    const answer = await h.send('lab.start', { hosts: 1 });
    expect(answer).toEqual({ ok: false, error: { name: 'LabStartFailed', message: expect.stringContaining('lab-1: sshd on 198.18.8.6') } });
  });

  it('refuses a second start while one runs, then allows one after', async () => {
    const h = harness({ gated: true });
    const first = h.send('lab.start', { hosts: 1 });
    while (h.machine.upCalls.length === 0) await new Promise((r) => setImmediate(r));
    const second = await h.send('lab.start', { hosts: 1 });
    expect(second.ok ? 'ok' : second.error.name).toBe('Busy');
    h.machine.releaseUp();
    expect((await first).ok).toBe(true);
    expect((await h.send('lab.start', { hosts: 1 })).ok).toBe(true);
  });
});
