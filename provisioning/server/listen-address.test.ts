import { describe, expect, it } from 'vitest';
import { allowedAuthorities, listenRisk, publicAuthority } from './listen-address.ts';

describe('listen addresses', () => {
  it('answers to its own address only', () => {
    expect(allowedAuthorities('127.0.0.1', 4100)).toEqual(['127.0.0.1:4100']);
    expect(allowedAuthorities('::1', 4100)).toEqual(['[::1]:4100']);
    expect(publicAuthority('::1', 4100)).toBe('[::1]:4100');
  });

  it('on every interface, answers to each local address, loopback included, and prints the loopback URL', () => {
    const all = allowedAuthorities('0.0.0.0', 4100);
    expect(all).toContain('127.0.0.1:4100');
    expect(all.every((a) => a.endsWith(':4100'))).toBe(true);
    expect(publicAuthority('0.0.0.0', 4100)).toBe('127.0.0.1:4100');
  });

  it('names the risk of any address beyond loopback', () => {
    expect(listenRisk('127.0.0.1')).toBeNull();
    expect(listenRisk('::1')).toBeNull();
    expect(listenRisk('0.0.0.0')).toMatch(/^warning: listening on 0\.0\.0\.0: anyone on every network .* clear text/);
    expect(listenRisk('10.0.0.5')).toMatch(/the network of 10\.0\.0\.5/);
  });
});
