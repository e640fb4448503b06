/**
 * Who gets in to `picket serve`, as a real browser meets it (the server's own unit spec covers the protocol):
 * the address without the token gets 401 and no UI; and a page of another origin on this same machine cannot
 * open the engine's WebSocket even when it knows the token, while the server's own page can, with the same code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage } from '../support/e2e-browser.ts';
import { buildUi, startServe, type ServedPicket } from '../support/e2e-serve.ts';

let served: ServedPicket;
let browser: Browser;
/** Another web app on this machine: a different port of 127.0.0.1 is a different origin. */
let foreign: Server;
let foreignOrigin: string;

beforeAll(async () => {
  await buildUi();
  served = await startServe();
  browser = await launchChromium();
  foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>another app</title><p>another app on this machine</p>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
});

/** Opens the engine's WebSocket from `page`, and says whether it opened or how it ended. */
function tryEngineSocket(page: Page, url: string): Promise<string> {
  return page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(target);
        socket.onopen = () => {
          socket.close();
          resolve('open');
        };
        socket.onclose = (event) => resolve(`closed ${event.code}`);
      }),
    url,
  );
}

describe('picket serve in a browser', () => {
  it('answers the address without the token with 401, and no UI', async () => {
    const page = await newPage(browser);
    const response = await page.goto(`${served.origin}/`);
    expect(response?.status()).toBe(401);
    expect(await page.locator('body').innerText()).toMatch(/open the URL it printed at start/);
    expect(await page.locator('#root').count()).toBe(0);
    const wrong = await page.goto(`${served.origin}/?token=${'0'.repeat(64)}`);
    expect(wrong?.status()).toBe(401);
    await page.context().close();
  });

  it('refuses the WebSocket of a page of another origin, token and all; its own page’s opens', async () => {
    const token = new URL(served.url).searchParams.get('token')!;
    const socketUrl = `${served.origin.replace(/^http/, 'ws')}/ws?token=${token}`;

    const other = await newPage(browser);
    const errors: string[] = [];
    other.on('websocket', (socket) => socket.on('socketerror', (error) => errors.push(error)));
    await other.goto(foreignOrigin);
    // Refused at the upgrade: the browser sees the handshake answered 403, and the socket never open.
    expect(await tryEngineSocket(other, socketUrl)).toBe('closed 1006');
    await expect.poll(() => errors).toEqual([expect.stringContaining('403')]);
    await other.context().close();

    const own = await newPage(browser);
    await own.goto(served.url);
    await own.getByRole('heading', { level: 1, name: 'Cluster' }).waitFor();
    expect(await tryEngineSocket(own, socketUrl)).toBe('open');
    await own.context().close();
  });
});
