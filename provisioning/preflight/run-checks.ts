/** Runs every preflight check over one input; failures first, then warnings, then notes, each in check order. */
import { bundleFits } from './checks/bundle-fits.ts';
import { captureNic } from './checks/capture-nic.ts';
import { capturePath } from './checks/capture-path.ts';
import { clockSkew } from './checks/clock-skew.ts';
import { etcdDisk } from './checks/etcd-disk.ts';
import { hostnameUnique } from './checks/hostname-unique.ts';
import { hostnameValid } from './checks/hostname-valid.ts';
import { iommu } from './checks/iommu.ts';
import { mtuConsistent } from './checks/mtu-consistent.ts';
import { osSupported } from './checks/os-supported.ts';
import { roleResources } from './checks/role-resources.ts';
import { sriovCapable } from './checks/sriov-capable.ts';
import { timeSync } from './checks/time-sync.ts';
import type { Check, Finding, PreflightInput, Severity } from './finding.ts';

export const CHECKS: readonly Check[] = [
  osSupported,
  hostnameValid,
  hostnameUnique,
  roleResources,
  etcdDisk,
  bundleFits,
  captureNic,
  sriovCapable,
  iommu,
  mtuConsistent,
  clockSkew,
  timeSync,
  capturePath,
];

const RANK: Readonly<Record<Severity, number>> = { fail: 0, warn: 1, info: 2 };

/** Failures first, then warnings, then notes; Array.prototype.sort is stable, so each keeps its order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function runChecks(input: PreflightInput): Finding[] {
  return sortFindings(CHECKS.flatMap((check) => check(input)));
}
