import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { argv, envRef, quoteWord, sh, shScript } from './shell-quote.ts';

/** Runs a command text in a real POSIX shell (dash) and returns the arguments it received, NUL-separated. */
function wordsSeenByShell(text: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printargs() { for a; do printf '%s\\0' "$a"; done; }; printargs ${text}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

const hostile = [
  'eth0;reboot',
  '$(id)',
  '`id`',
  "it's",
  '"double"',
  'a\nb',
  'tab\there',
  '*',
  '~root',
  '--help',
  '-rf /',
  '',
  ' ',
  'ünïcødé ✓ 网卡',
  '\\',
  '$HOME',
  '!!',
  "'; rm -rf / #",
];

describe('quoteWord', () => {
  it.each(hostile)('passes %j through the shell unchanged', (word) => {
    expect(wordsSeenByShell(quoteWord(word))).toEqual([word]);
  });

  it('leaves plain words readable', () => {
    expect(quoteWord('/sys/class/net/eth0')).toBe('/sys/class/net/eth0');
    expect(quoteWord('eth0;reboot')).toBe(`'eth0;reboot'`);
  });

  it('refuses a NUL byte, which no argument vector can carry', () => {
    expect(() => quoteWord('a\0b')).toThrow(/NUL/);
  });

  it('delivers any string without NUL as exactly one word (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), { maxLength: 5 }), (words) => {
        expect(wordsSeenByShell(words.map(quoteWord).join(' '))).toEqual(words);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sh template and argv', () => {
  it('quotes each interpolated value as one word', () => {
    const nic = 'eth0;reboot';
    const cmd = sh`printf %s ${nic}`;
    expect(cmd.text).toBe(`printf %s 'eth0;reboot'`);
    expect(execFileSync('/bin/sh', ['-c', cmd.text], { encoding: 'utf8' })).toBe(nic);
  });

  it('nests a built command as a sub-command without quoting it twice', () => {
    const inner = argv(['echo', '$(id)']);
    expect(sh`sudo -n -- ${inner}`.text).toBe(`sudo -n -- echo '$(id)'`);
  });

  it('passes a script and its arguments to sh -c', () => {
    const cmd = shScript('printf "%s|%s" "$0" "$1"', 'probe', 'x y;z');
    expect(execFileSync('/bin/sh', ['-c', cmd.text], { encoding: 'utf8' })).toBe('probe|x y;z');
  });

  it('expands only validated variable names', () => {
    expect(argv(['echo', envRef('SSH_CONNECTION')]).text).toBe('echo "$SSH_CONNECTION"');
    expect(() => envRef('X;id')).toThrow(/variable name/);
  });
});
