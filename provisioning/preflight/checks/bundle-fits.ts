/**
 * `bundle-fits`: the offline bundle is copied to every host under /var (its images end in RKE2's agent images
 * folder), so the filesystem holding /var must take it and still keep 10 % of its size free: below that the
 * kubelet's default hard eviction threshold (nodefs.available < 10 %) starts evicting pods.
 */
import type { Finding, PreflightInput } from '../finding.ts';
import { mountForPath } from '../mount-for-path.ts';
import { gb } from '../quantity.ts';

export const BUNDLE_PATH = '/var';
export const BUNDLE_RESERVE = 0.1;

export function bundleFits(input: PreflightInput): Finding[] {
  const bundle = input.bundleBytes;
  if (bundle === undefined) return [];
  return input.hosts.flatMap((host): Finding[] => {
    const finding = (severity: Finding['severity'], message: string, fix: string): Finding => ({ severity, host: host.name, check: 'bundle-fits', message, fix });
    const found = mountForPath(host.inventory, BUNDLE_PATH);
    const free = found?.mount.freeBytes ?? null;
    if (!found || free === null) {
      const why = found ? 'df did not report it' : 'no filesystem in the inventory holds it';
      return [
        finding(
          'warn',
          `free space for ${BUNDLE_PATH} on ${host.name} is unknown (${why}), so whether the ${gb(bundle)} bundle fits cannot be told`,
          `check by hand (df -h ${BUNDLE_PATH}) that ${gb(bundle)} plus ${BUNDLE_RESERVE * 100} % of the filesystem is free; if so, waive bundle-fits for ${host.name}`,
        ),
      ];
    }
    const reserve = BUNDLE_RESERVE * (found.mount.sizeBytes ?? free);
    const need = bundle + reserve;
    if (free >= need) return [];
    const mount = found.mount.path;
    return [
      finding(
        'fail',
        `${host.name} has ${gb(free)} free on ${mount}; the ${gb(bundle)} bundle plus the ${BUNDLE_RESERVE * 100} % of the filesystem kept free (${gb(reserve)}) needs ${gb(need)} (short by ${gb(need - free)})`,
        `free at least ${gb(need - free)} on ${mount}, or mount a larger volume at ${BUNDLE_PATH}`,
      ),
    ];
  });
}
