/**
 * Waivers as Discover shows and edits them: which waiver in cluster.yaml lets a finding through (the first that
 * names its check for its host or for every host, as the engine judges: provisioning/preflight/waivers.ts), which
 * findings may be waived (failures no waiver lets through), and the request a waiver form makes. Pure.
 */
import type { JudgedFinding } from '../../../provisioning/contract/judged-finding.ts';
import type { Waiver } from '../../../provisioning/contract/project-summary.ts';
import type { RequestPayload } from '../../../provisioning/contract/requests.ts';

/** The waiver that lets `finding` through, or null. */
export function waiverOf(finding: JudgedFinding, waivers: Waiver[]): Waiver | null {
  if (finding.severity !== 'fail') return null;
  return waivers.find((w) => w.check === finding.check && (w.host === null || w.host === finding.host)) ?? null;
}

/** A failure nothing lets through yet: it blocks install until fixed or waived. */
export function isWaivable(finding: JudgedFinding): boolean {
  return finding.severity === 'fail' && finding.waiver === null;
}

/** For this finding's host only, or for every host (a finding about the cluster as a whole is always the latter). */
export type WaiverScope = 'host' | 'every-host';

export interface WaiverDraft {
  reason: string;
  scope: WaiverScope;
}

export type WaivePayload = RequestPayload<'preflight.waive'>;

/** The preflight.waive request of a filled-in form, or why it cannot be sent yet. */
export function waivePayload(finding: JudgedFinding, draft: WaiverDraft): { ok: true; payload: WaivePayload } | { ok: false; problem: string } {
  const reason = draft.reason.trim();
  if (reason === '') return { ok: false, problem: 'say why this check may fail: the reason goes into the journal of every run' };
  if (draft.scope === 'host' && finding.host !== null) return { ok: true, payload: { check: finding.check, host: finding.host, reason } };
  return { ok: true, payload: { check: finding.check, reason } };
}

export function unwaivePayload(waiver: Waiver): RequestPayload<'preflight.unwaive'> {
  return waiver.host === null ? { check: waiver.check } : { check: waiver.check, host: waiver.host };
}

export function waiverScopeLabel(waiver: Waiver): string {
  return waiver.host === null ? 'every host' : waiver.host;
}
