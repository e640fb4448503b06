/**
 * An error in a cluster spec, located in its file: `cluster.yaml:14:7: hosts[1].capture[0].pci: message`.
 * Every message says what is wrong and how to fix it.
 */

/** How every message about an absent key begins (an "unknown key …, did you mean it?" makes such a report redundant). */
export const MISSING = 'missing: ';

export type SpecPath = readonly (string | number)[];

/** An error found in the spec's data, before it is located in the file. */
export interface SpecIssue {
  path: SpecPath;
  message: string;
  /** Point at the key itself (an unknown or forbidden key) rather than at its value. */
  at?: 'key' | 'value';
  /**
   * Something not filled in yet rather than something wrong (no hosts yet, a sensor's capture NICs, the roles
   * the mode needs): an error for `picket spec check` and planning, but a draft the wizard may open and discover.
   */
  incomplete?: true;
}

export interface SpecError {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  /** `hosts[1].capture[0].pci`; empty for the document as a whole. */
  path: string;
  message: string;
  /** See SpecIssue.incomplete. */
  incomplete?: true;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function formatPath(path: SpecPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

export function formatSpecError(error: SpecError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.path ? `${error.path}: ` : ''}${error.message}`;
}
