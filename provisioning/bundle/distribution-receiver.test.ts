/** The forced command of a temporary key, run here by the same POSIX shell hosts use (dash), as sshd would run it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { RECEIVER } from './distribution-transfer-keys.ts';

const SHA = 'ab'.repeat(32);
let dir: string;
let incoming: string;

function receive(command: string, input: string): { code: number | null; stderr: string } {
  const r = spawnSync('/bin/sh', [join(dir, 'receive')], { input, env: { PATH: process.env.PATH, SSH_ORIGINAL_COMMAND: command }, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

const part = () => readFileSync(join(incoming, `${SHA}.part`), 'utf8');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'picket-receiver-'));
  incoming = mkdtempSync(join(tmpdir(), 'picket-incoming-'));
  writeFileSync(join(dir, 'receive'), RECEIVER);
  writeFileSync(join(dir, 'incoming'), `${incoming}\n`);
  writeFileSync(join(dir, 'allowed'), `${SHA} 10\n`);
});

describe('the receiver', () => {
  it('appends exactly the expected bytes at the offset the part has reached', () => {
    expect(receive(`${SHA} 0`, 'hello')).toMatchObject({ code: 4 }); // 5 of 10 bytes: the sender stopped early
    expect(part()).toBe('hello');
    expect(receive(`${SHA} 5`, 'world and more')).toEqual({ code: 0, stderr: '' });
    expect(part()).toBe('helloworld');
  });

  it('takes several pieces in one stream, each into its own part', () => {
    const other = 'ef'.repeat(32);
    writeFileSync(join(dir, 'allowed'), `${SHA} 10\n${other} 3\n`);
    writeFileSync(join(incoming, `${SHA}.part`), 'hello');
    expect(receive(`${SHA} 5 ${other} 0`, 'worldXYZ')).toEqual({ code: 0, stderr: '' });
    expect(part()).toBe('helloworld');
    expect(readFileSync(join(incoming, `${other}.part`), 'utf8')).toBe('XYZ');
  });

  it('refuses an offset other than where the part ends', () => {
    writeFileSync(join(incoming, `${SHA}.part`), 'abc');
    expect(receive(`${SHA} 0`, 'xyz')).toEqual({ code: 3, stderr: 'picket receiver: the part holds 3 bytes, the sender starts at 0\n' });
    expect(part()).toBe('abc');
  });

  it('writes nothing but the parts it was told to expect', () => {
    for (const command of [`${'cd'.repeat(32)} 0`, `../../etc/passwd 0`, `${SHA}`, `${SHA} 0 extra`, `${SHA} -1`, `${SHA} $(reboot)`, `${SHA};id 0`, '*  *', '', `${SHA} 0 ${'cd'.repeat(32)} 0`]) {
      const r = receive(command, 'data');
      expect(r.code, command).toBe(2);
    }
    expect(spawnSync('ls', ['-A', incoming], { encoding: 'utf8' }).stdout).toBe('');
  });
});
