import { describe, expect, it } from 'vitest';
import { parseOsRelease } from './parse-os-release.ts';

describe('parseOsRelease', () => {
  it('Debian 12', () => {
    expect(
      parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'),
    ).toEqual({ id: 'debian', version: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it('Rocky 9 with single quotes and escapes; rolling release without VERSION_ID', () => {
    expect(parseOsRelease("ID='rocky'\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"Rocky \\\"Blue Onyx\\\"\"\n")).toEqual({
      id: 'rocky',
      version: '9.4',
      prettyName: 'Rocky "Blue Onyx"',
    });
    expect(parseOsRelease('ID=arch\nNAME="Arch Linux"\n')).toEqual({ id: 'arch', version: '', prettyName: 'Arch Linux' });
  });

  it('nothing readable: the os-release(5) defaults', () => {
    expect(parseOsRelease('')).toEqual({ id: 'linux', version: '', prettyName: 'Linux' });
  });

  it('is never executed: command substitutions stay text', () => {
    expect(parseOsRelease('ID=$(reboot)\n').id).toBe('$(reboot)');
  });
});
