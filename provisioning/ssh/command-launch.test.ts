import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CommandLaunch } from './command-launch.ts';
import { Secret } from './secret.ts';
import { sh } from './shell-quote.ts';

/** Pulls the one-time nonce out of the wrapped command text. */
function nonceOf(launch: CommandLaunch): string {
  const m = /(picket-[0-9a-f]{16})/.exec(launch.command(sh`true`).text);
  if (!m?.[1]) throw new Error('no nonce');
  return m[1];
}

function feed(launch: CommandLaunch, chunks: string[]): string {
  return chunks.map((c) => launch.filterStderr(Buffer.from(c, 'latin1')).toString('latin1')).join('');
}

describe('CommandLaunch', () => {
  it('strips the started marker even when split across chunks, and records the process group', () => {
    const launch = new CommandLaunch('h1', undefined);
    const n = nonceOf(launch);
    const text = `${n}:started:4242:4240\nreal error output\n`;
    const out = feed(launch, [text.slice(0, 5), text.slice(5, 23), text.slice(23, 40), text.slice(40)]);
    expect(out).toBe('real error output\n');
    expect(launch.processGroup).toBe(4240);
    expect(launch.killCommand()?.text).toBe('kill -9 -4240');
  });

  it('passes stderr through untouched once started, even text that looks like a marker', () => {
    const launch = new CommandLaunch('h1', undefined);
    const n = nonceOf(launch);
    expect(feed(launch, [`${n}:started:1:1\n`, `${n}:password:`])).toBe(`${n}:password:`);
  });

  it('writes the sudo password only at sudo\'s own prompt, then the caller\'s stdin after start', () => {
    const launch = new CommandLaunch('h1', { user: 'ops', password: new Secret('s3cret-pw') });
    const n = nonceOf(launch);
    const stdin = new PassThrough();
    const written: string[] = [];
    stdin.on('data', (c: Buffer) => written.push(c.toString()));
    launch.attach(stdin, 'payload');
    feed(launch, ['noise before\n']);
    expect(written).toEqual([]);
    feed(launch, [`${n}:pass`, 'word:']);
    expect(written).toEqual(['s3cret-pw\n']);
    feed(launch, [`${n}:started:7:7\n`]);
    expect(written).toEqual(['s3cret-pw\n', 'payload']);
    expect(launch.failure({ exitCode: 0, stderr: '' })).toBeUndefined();
  });

  it('stops at a second prompt: the password was wrong', () => {
    const launch = new CommandLaunch('h1', { user: 'ops', password: new Secret('nope-nope') });
    const n = nonceOf(launch);
    launch.attach(new PassThrough(), undefined);
    feed(launch, [`${n}:password:`, 'Sorry, try again.\n', `${n}:password:`]);
    expect(launch.failure({ exitCode: 1, stderr: '' })?.message).toBe('h1: sudo rejected the password of ops (check the sudo password)');
  });

  it('explains a missing password, a user outside sudoers and a missing sudo', () => {
    const noPassword = new CommandLaunch('h1', { user: 'ops', password: undefined });
    noPassword.attach(new PassThrough(), undefined);
    feed(noPassword, [`${nonceOf(noPassword)}:password:`]);
    expect(noPassword.failure({ exitCode: 1, stderr: '' })?.message).toMatch(/sudo asks ops for a password and none was given/);
    const outsider = new CommandLaunch('h1', { user: 'guest', password: new Secret('x') });
    expect(outsider.failure({ exitCode: 1, stderr: 'guest is not in the sudoers file.\n' })?.message).toBe(
      'h1: guest may not use sudo here (add it to the sudo group, or log in as root)',
    );
    const noSudo = new CommandLaunch('h1', { user: 'ops', password: new Secret('x') });
    expect(noSudo.failure({ exitCode: 127, stderr: 'sh: 1: sudo: not found\n' })?.message).toBe('h1: sudo is not installed (install it, or log in as root)');
  });

  it('never lets the password through in stderr before the command started', () => {
    const launch = new CommandLaunch('h1', { user: 'ops', password: new Secret('leaky-pass') });
    launch.attach(new PassThrough(), undefined);
    expect(feed(launch, ['sudo: echo of leaky-pass?\n'])).toBe('sudo: echo of [redacted]?\n');
  });
});
