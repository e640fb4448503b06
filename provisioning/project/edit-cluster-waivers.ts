/**
 * Edits to the preflight waivers of a cluster.yaml (preflight: { waive: [...] }), made on its YAML document so the
 * user's comments and other settings stay. A waiver is one line, as the template shows it:
 * `- {check: clock-skew, host: sensor-1, reason: "GPS clock arrives tomorrow"}`. Pure: text in, text out; the
 * caller validates the result (loadClusterSpec) before writing it.
 */
import { isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { ClusterEditError, parseClusterDocument, printClusterDocument, rehomeTrailingComments } from './cluster-yaml-document.ts';

export interface WaiverEntry {
  check: string;
  /** Left out: every host. */
  host?: string;
  reason: string;
}

/** The waiver edit cannot be made as asked (none to remove, preflight: not a map …); the message says why. */
export class WaiverEditError extends ClusterEditError {
  override readonly name = 'WaiverEditError';
}

function waiveList(doc: Document.Parsed, create: boolean): YAMLSeq | undefined {
  let preflight = doc.get('preflight', true);
  if (preflight === undefined || (isScalar(preflight) && preflight.value === null)) {
    if (!create) return undefined;
    preflight = new YAMLMap();
    doc.set('preflight', preflight);
  }
  if (!isMap(preflight)) throw new WaiverEditError('preflight: in cluster.yaml is not a map: fix it by hand first');
  const waive = preflight.get('waive', true);
  if (isSeq(waive)) return waive;
  if (waive === undefined || (isScalar(waive) && waive.value === null)) {
    if (!create) return undefined;
    const created = new YAMLSeq();
    preflight.set('waive', created);
    return created;
  }
  throw new WaiverEditError('preflight.waive: in cluster.yaml is not a list: fix it by hand first');
}

function isWaiverOf(item: unknown, check: string, host: string | undefined): item is YAMLMap {
  if (!isMap(item) || item.get('check') !== check) return false;
  const named = item.get('host');
  return host === undefined ? named === undefined || named === null : named === host;
}

function waiverNode(doc: Document, waiver: WaiverEntry): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  map.set('check', waiver.check);
  if (waiver.host !== undefined) map.set('host', waiver.host);
  const reason = doc.createNode(waiver.reason);
  // Reasons are prose: quoted, so a colon or a leading dash in one never changes what the line means.
  reason.type = 'QUOTE_DOUBLE';
  map.set('reason', reason);
  return map;
}

/** Adds a waiver; the same check for the same host (or for every host) has its reason replaced. */
export function addWaiver(text: string, waiver: WaiverEntry): string {
  const doc = parseClusterDocument(text);
  rehomeTrailingComments(doc);
  const list = waiveList(doc, true)!;
  list.flow = false;
  const at = list.items.findIndex((item) => isWaiverOf(item, waiver.check, waiver.host));
  if (at >= 0) list.items[at] = waiverNode(doc, waiver);
  else list.items.push(waiverNode(doc, waiver));
  return printClusterDocument(doc);
}

/** Removes the waiver of `check` for `host` (without host: the one for every host); an empty list goes with it. */
export function removeWaiver(text: string, check: string, host?: string): string {
  const doc = parseClusterDocument(text);
  rehomeTrailingComments(doc);
  const list = waiveList(doc, false);
  const at = list?.items.findIndex((item) => isWaiverOf(item, check, host)) ?? -1;
  if (!list || at < 0) {
    throw new WaiverEditError(`cluster.yaml has no waiver of ${check} ${host === undefined ? 'for every host' : `for ${host}`}: nothing to remove`);
  }
  list.items.splice(at, 1);
  if (list.items.length === 0) {
    const preflight = doc.get('preflight', true) as YAMLMap;
    preflight.delete('waive');
    if (preflight.items.length === 0) doc.delete('preflight');
  }
  return printClusterDocument(doc);
}
