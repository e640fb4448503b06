/**
 * "Did you mean …?" for names a person typed: keys, host names, enum values. Case, "-" and "_" are ignored,
 * and a candidate is offered only when it is close enough that the typo is the likely story.
 */

function normalize(word: string): string {
  return word.toLowerCase().replaceAll(/[-_]/g, '');
}

/** Edit distance counting a swap of two neighbours as one edit (the commonest typing slip). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate, or undefined when none is plausibly what was meant. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  const typed = normalize(word);
  if (!typed) return undefined;
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(typed, normalize(name));
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
