import type { ClientChannel } from 'ssh2';
import { describe, expect, it } from 'vitest';
import { FakeShellChannel } from '../../test/support/terminal-doubles.ts';
import type { TerminalExit } from './terminal-session.ts';
import { HostShellSession } from './host-shell-session.ts';

function shell() {
  const channel = new FakeShellChannel();
  const session = new HostShellSession(channel as unknown as ClientChannel);
  const output: string[] = [];
  const exits: TerminalExit[] = [];
  session.onOutput((chunk) => output.push(chunk.toString('utf8')));
  session.onExit((exit) => exits.push(exit));
  return { channel, session, output, exits };
}

describe('HostShellSession', () => {
  it('passes output, input and sizes through the channel (rows first, as SSH orders them)', () => {
    const { channel, session, output } = shell();
    channel.print('root@lab-2:~# ');
    channel.stderr.emit('data', Buffer.from('warning\r\n'));
    session.write('hostname\r');
    session.resize(132, 43);
    expect(output).toEqual(['root@lab-2:~# ', 'warning\r\n']);
    expect(channel.written).toEqual(['hostname\r']);
    expect(channel.windows).toEqual([[43, 132, 0, 0]]);
  });

  it('pauses and resumes the channel itself, so the SSH window closes on the host', () => {
    const { channel, session } = shell();
    session.pause();
    expect(channel.paused).toBe(true);
    session.resume();
    expect(channel.paused).toBe(false);
  });

  it('reports the exit status once the channel closes, or none when the connection dropped', () => {
    const a = shell();
    a.channel.end(130);
    expect(a.exits).toEqual([{ code: 130, signal: null }]);
    const b = shell();
    b.channel.end(null, 'KILL');
    expect(b.exits).toEqual([{ code: null, signal: 'KILL' }]);
    const c = shell();
    c.channel.emit('error', new Error('connection lost'));
    c.channel.emit('close');
    expect(c.exits).toEqual([{ code: null, signal: null }]);
  });

  it('closes only its channel, and writes nothing to a closed one', () => {
    const { channel, session } = shell();
    session.close();
    session.write('late');
    expect([channel.closed, channel.written]).toEqual([true, []]);
  });

  it('lets a paused channel drain when it is closed, so it can finish closing', () => {
    const { channel, session } = shell();
    session.pause();
    session.close();
    expect([channel.closed, channel.paused]).toEqual([true, false]);
  });
});
