import { describe, expect, it } from 'vitest';
import type { Finding } from './finding.ts';
import { blockingFindings, judgeFindings, waivedChecks } from './waivers.ts';

const fail = (host: string, check: string): Finding => ({ severity: 'fail', host, check, message: `${check} on ${host}`, fix: 'fix it' });

describe('judgeFindings', () => {
  it('waives a failure only by its check id, for the named host or all hosts', () => {
    const findings = [fail('s1', 'role-resources'), fail('s2', 'role-resources'), fail('s1', 'clock-skew'), { ...fail('s1', 'capture-path'), severity: 'warn' as const }];
    const judged = judgeFindings(findings, [{ check: 'role-resources', host: 's1', reason: 'lab' }, { check: 'capture-path', reason: 'no TAP yet' }]);
    expect(judged.map((j) => j.waiver?.reason)).toEqual(['lab', undefined, undefined, undefined]);
    expect(blockingFindings(judged).map((f) => `${f.host} ${f.check}`)).toEqual(['s2 role-resources', 's1 clock-skew']);
  });
});

describe('waivedChecks', () => {
  it('records a waived check once per host, however many ways it failed there', () => {
    const findings = [fail('s1', 'role-resources'), fail('s1', 'role-resources'), fail('s2', 'role-resources'), fail('s1', 'clock-skew')];
    const judged = judgeFindings(findings, [{ check: 'role-resources', reason: 'lab hosts have 2 cores' }]);
    expect(waivedChecks(judged)).toEqual([
      { check: 'role-resources', host: 's1', reason: 'lab hosts have 2 cores' },
      { check: 'role-resources', host: 's2', reason: 'lab hosts have 2 cores' },
    ]);
  });
});
