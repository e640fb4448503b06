import { describe, expect, it } from 'vitest';
import { parseHostAddress } from './host-address.ts';

describe('parseHostAddress', () => {
  it('reads user, host and port', () => {
    expect(parseHostAddress('root@10.1.2.3:2222')).toEqual({ user: 'root', address: '10.1.2.3', port: 2222 });
    expect(parseHostAddress('sensor-1')).toEqual({ user: undefined, address: 'sensor-1', port: undefined });
    expect(parseHostAddress('ops@[fd00::5]:22')).toEqual({ user: 'ops', address: 'fd00::5', port: 22 });
    expect(parseHostAddress('fd00::5')).toEqual({ user: undefined, address: 'fd00::5', port: undefined });
  });

  it('names the argument and the problem', () => {
    expect(() => parseHostAddress('root@host:99999')).toThrow('"root@host:99999": port must be 1-65535');
    expect(() => parseHostAddress('a;b@host')).toThrow('"a;b@host": "a;b" is not a valid user name');
    expect(() => parseHostAddress('root@$(reboot)')).toThrow(/not a host name or address/);
    expect(() => parseHostAddress('-oProxyCommand=x')).toThrow(/not a host name or address/);
  });
});
