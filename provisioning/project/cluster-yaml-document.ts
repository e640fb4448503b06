/**
 * cluster.yaml as a YAML document to edit: parsed so the user's comments and every other setting stay, printed
 * back (yaml prints the document again, so spacing inside a line may change). Shared by the edits of hosts and of
 * preflight waivers. Pure: text in, document out, and back.
 */
import { isMap, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';

/** An edit of cluster.yaml cannot be made as asked; the message says why, and what to do. */
export class ClusterEditError extends Error {
  override readonly name: string = 'ClusterEditError';
}

export function parseClusterDocument(text: string): Document.Parsed {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new ClusterEditError(`cluster.yaml is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}): fix it by hand first`);
  if (!isMap(doc.contents)) throw new ClusterEditError('cluster.yaml does not hold a map of settings: fix it by hand first');
  return doc;
}

export function printClusterDocument(doc: Document): string {
  // lineWidth 0: long values (reasons, paths) stay on one line rather than folded.
  return doc.toString({ flowCollectionPadding: false, lineWidth: 0 });
}

/**
 * yaml hands the comment lines above a top-level key to the end of the collection before it (they print indented
 * inside it). A comment that ends a top-level collection and is separated from it by a blank line is moved back
 * above the key that follows.
 */
export function rehomeTrailingComments(doc: Document.Parsed): void {
  const root = doc.contents as YAMLMap;
  root.items.forEach((pair, i) => {
    const value = pair.value;
    const next = root.items[i + 1];
    if (!next || !(isMap(value) || isSeq(value)) || !value.comment) return;
    const split = value.comment.lastIndexOf('\n\n');
    if (split < 0) return;
    const moved = value.comment.slice(split + 2);
    value.comment = value.comment.slice(0, split);
    const key = next.key as Node;
    key.commentBefore = key.commentBefore ? `${moved}\n${key.commentBefore}` : moved;
    key.spaceBefore = true;
  });
}
