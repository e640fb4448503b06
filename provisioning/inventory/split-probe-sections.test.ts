import { describe, expect, it } from 'vitest';
import { splitProbeSections } from './split-probe-sections.ts';

const M = '@@picket-00112233445566778899aabbccddeeff@@';

describe('splitProbeSections', () => {
  it('cuts at marker lines, drops banner text and the blank line before each header', () => {
    const out = `Welcome to host!\n\n${M} begin 1\n\n${M} hostname\nsensor-01\n\n${M} nic eth0\nmtu=9000\n\n${M} end\n`;
    const { sections, warnings } = splitProbeSections(out, M);
    expect(warnings).toEqual([]);
    expect(sections).toEqual([
      { name: 'begin', arg: '1', body: '' },
      { name: 'hostname', arg: null, body: 'sensor-01' },
      { name: 'nic', arg: 'eth0', body: 'mtu=9000' },
      { name: 'end', arg: null, body: '' },
    ]);
  });

  it('a header glued to output without a trailing newline is still a header (the script starts each with \\n)', () => {
    const out = `${M} cmdline\nquiet\n${M} kernel\n6.1.0`;
    expect(splitProbeSections(out, M).sections.map((s) => s.name)).toEqual(['cmdline', 'kernel']);
  });

  it('forged headers: wrong nonce, or the right nonce not at a line start, stay data', () => {
    const out = `${M} hostname\nevil\n@@picket-wrong@@ nic evil\n x ${M} nic evil2\n${M}nic evil3\n${M} end\n`;
    const { sections } = splitProbeSections(out, M);
    expect(sections.map((s) => s.name)).toEqual(['hostname', 'end']);
    expect(sections[0]?.body).toContain('@@picket-wrong@@ nic evil');
  });

  it('unknown sections and bad interface names are warned about and dropped', () => {
    const out = `${M} rm-rf\nx\n${M} nic ../../etc\ny\n${M} ethtool-k\nz\n${M} end\n`;
    const { sections, warnings } = splitProbeSections(out, M);
    expect(sections.map((s) => s.name)).toEqual(['end']);
    expect(warnings).toHaveLength(3);
  });

  it('CRLF output (a pty in between) is handled', () => {
    const out = `${M} hostname\r\nsensor-02\r\n${M} end\r\n`;
    expect(splitProbeSections(out, M).sections[0]).toEqual({ name: 'hostname', arg: null, body: 'sensor-02' });
  });

  it('refuses a marker that could not have been embedded safely', () => {
    expect(() => splitProbeSections('', "x'; reboot; '")).toThrow();
  });
});
