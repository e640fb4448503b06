/** Which failed checks the spec waives: by check id, for one host or all, always with a reason. Pure. */
import type { Waiver } from '../project/cluster-spec.ts';
import type { Finding } from './finding.ts';

export interface JudgedFinding {
  finding: Finding;
  /** The waiver that lets a failure through, when one names it. */
  waiver?: Waiver;
}

export function judgeFindings(findings: Finding[], waivers: readonly Waiver[]): JudgedFinding[] {
  return findings.map((finding) => {
    if (finding.severity !== 'fail') return { finding };
    const waiver = waivers.find((w) => w.check === finding.check && (w.host === undefined || w.host === finding.host));
    return waiver ? { finding, waiver } : { finding };
  });
}

export function blockingFindings(judged: JudgedFinding[]): Finding[] {
  return judged.filter((j) => j.finding.severity === 'fail' && !j.waiver).map((j) => j.finding);
}

/** The waivers that let failures through, as the journal records them (host '*' when the finding names none). */
export function waivedChecks(judged: JudgedFinding[]): { check: string; host: string; reason: string }[] {
  // One record per check and host: a check can fail a host several ways (say, CPUs and memory), and the journal
  // should say once that it was waived there, and why.
  const seen = new Set<string>();
  return judged.flatMap((j) => {
    if (!j.waiver) return [];
    const record = { check: j.finding.check, host: j.finding.host ?? '*', reason: j.waiver.reason };
    const key = JSON.stringify([record.check, record.host]);
    if (seen.has(key)) return [];
    seen.add(key);
    return [record];
  });
}
