/**
 * Reads cluster.yaml: YAML syntax first (yaml's own error positions), then validation, with every error located
 * at its line and column from the document's node ranges. All errors are reported, in file order.
 */
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { ClusterSpec } from './cluster-spec.ts';
import { formatPath, type SpecError, type SpecIssue, type SpecPath } from './spec-error.ts';
import { validateClusterSpec, type ValidationOptions } from './validate-cluster-spec.ts';

/** `incomplete`: what a draft still lacks, located (empty unless loaded as a draft). */
export type LoadedClusterSpec = { ok: true; spec: ClusterSpec; incomplete: SpecError[] } | { ok: false; errors: SpecError[] };

/** How to fix the commonest YAML mistakes, by yaml's error code. */
const SYNTAX_FIXES: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a map: remove or merge the repeated one',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  MULTIPLE_DOCS: 'cluster.yaml holds one document: remove the extra "---"',
  BAD_ALIAS: 'define the anchor (&name) before using the alias (*name), or write the value out',
  TAG_RESOLVE_FAILED: 'cluster.yaml uses no tags: remove the "!…" tag',
};
const GENERIC_FIX =
  'check the indentation (spaces; keys of one map at the same depth) and quote values that contain ": " or " #" or start with one of [ ] { } * & ! | > % @';

function syntaxError(error: YAMLError, lineCounter: LineCounter, file: string): SpecError {
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message = error.message.replace(/\s*at line \d+, column \d+:?[^]*$/, '').trim();
  return { file, line, column: col, path: '', message: `YAML syntax: ${message} — ${SYNTAX_FIXES[error.code] ?? GENERIC_FIX}` };
}

/** Offset of the node an issue is about: its value (or its key), else the nearest enclosing node that exists. */
function offsetOf(doc: Document, issue: SpecIssue): number {
  const { path } = issue;
  for (let depth = path.length; depth >= 0; depth--) {
    const here: SpecPath = path.slice(0, depth);
    const parent = depth === 0 ? undefined : depth === 1 ? doc.contents : doc.getIn(here.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(here.at(-1))) : undefined;
    const keyStart = isNode(pair?.key) ? pair.key.range?.[0] : undefined;
    if (issue.at === 'key' && depth === path.length && keyStart !== undefined) return keyStart;
    const node = depth === 0 ? doc.contents : doc.getIn(here, true);
    const range = isNode(node) ? node.range : undefined;
    // An empty value (`key:` and nothing) has no text of its own: point at its key.
    if (range && range[1] > range[0]) return range[0];
    if (keyStart !== undefined) return keyStart;
    if (range) return range[0];
  }
  return 0;
}

export function loadClusterSpec(text: string, file: string, options: ValidationOptions = {}): LoadedClusterSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = [...doc.errors, ...doc.warnings].map((e) => syntaxError(e, lineCounter, file));
  // One slip often makes yaml report several errors on its line: the first says it best.
  if (syntax.length > 0) return { ok: false, errors: syntax.filter((e, i) => syntax.findIndex((f) => f.line === e.line) === i) };

  const result = validateClusterSpec(doc.toJS({ maxAliasCount: 100 }), options);
  const located = (issues: SpecIssue[]): SpecError[] =>
    issues
      .map((issue): SpecError => {
        const { line, col } = lineCounter.linePos(offsetOf(doc, issue));
        return { file, line, column: col, path: formatPath(issue.path), message: issue.message, ...(issue.incomplete ? { incomplete: true as const } : {}) };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  if (result.ok) return { ok: true, spec: result.spec, incomplete: located(result.incomplete) };
  return { ok: false, errors: located(result.issues) };
}
