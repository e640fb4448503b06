import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './suggest-name.ts';

describe('closestName', () => {
  it('offers the likely key for a typo, a swap or a case slip', () => {
    expect(closestName('adress', ['name', 'address', 'port'])).toBe('address');
    expect(closestName('prot', ['name', 'address', 'port'])).toBe('port');
    expect(closestName('identityfile', ['method', 'identityFile'])).toBe('identityFile');
    expect(closestName('sudo_secret', ['sudo', 'sudoSecret'])).toBe('sudoSecret');
  });

  it('offers nothing when no candidate is close', () => {
    expect(closestName('colour', ['name', 'address', 'port'])).toBeUndefined();
    expect(closestName('', ['a'])).toBeUndefined();
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
