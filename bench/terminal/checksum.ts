/**
 * A running FNV-1a (32-bit) over text as it streams, chunk by chunk: the bench compares what the page wrote into
 * xterm with what the engine had, without keeping 100 MB in either. Plain TypeScript: it runs in the page too.
 */

export const FNV_OFFSET = 0x811c9dc5;

export function fnv1a(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
