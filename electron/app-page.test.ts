import { describe, expect, it } from 'vitest';
import { builtAppPage, devServerAppPage } from './app-page.ts';

describe('builtAppPage', () => {
  const page = builtAppPage('/opt/Picket Field/dist/renderer/index.html');

  it('loads the built index.html as a file: URL', () => {
    expect(page.url).toBe('file:///opt/Picket%20Field/dist/renderer/index.html');
  });

  it('is that page, with any fragment or query, and nothing else on disk or elsewhere', () => {
    expect(page.isAppUrl(page.url)).toBe(true);
    expect(page.isAppUrl(`${page.url}#/plan`)).toBe(true);
    expect(page.isAppUrl(`${page.url}?step=hosts`)).toBe(true);
    expect(page.isAppUrl('file:///opt/Picket%20Field/dist/renderer/../renderer/index.html')).toBe(true);
    for (const url of [
      'file:///opt/Picket%20Field/dist/renderer/assets/index.js',
      'file:///opt/Picket%20Field/dist/renderer/index.html.evil',
      'file:///opt/Picket%20Field/dist/renderer-evil/index.html',
      'file:///tmp/index.html',
      'file://attacker/opt/Picket%20Field/dist/renderer/index.html',
      'http://127.0.0.1:8080/index.html',
      'https://example.com/opt/Picket%20Field/dist/renderer/index.html',
      'about:blank',
      'not a url',
    ]) {
      expect(page.isAppUrl(url), url).toBe(false);
    }
  });
});

describe('devServerAppPage', () => {
  it('is any page of the dev server’s origin, nothing else', () => {
    const page = devServerAppPage('http://localhost:5173/');
    expect(page.url).toBe('http://localhost:5173/');
    expect(page.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(page.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(page.isAppUrl('http://127.0.0.1:5173/')).toBe(false);
    expect(page.isAppUrl('file:///index.html')).toBe(false);
  });

  it('refuses a dev server that is not plain http on loopback', () => {
    for (const url of ['https://localhost:5173/', 'http://192.168.1.5:5173/', 'http://example.com/', 'localhost:5173']) {
      expect(() => devServerAppPage(url), url).toThrow(/PICKET_RENDERER_URL must be an http:\/\/ URL on loopback/);
    }
    expect(devServerAppPage('http://[::1]:5173/').isAppUrl('http://[::1]:5173/x')).toBe(true);
  });
});
