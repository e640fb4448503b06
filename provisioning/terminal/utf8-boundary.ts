/**
 * Where UTF-8 text may be cut. Terminal output is sent as JSON strings, so a chunk that ended in the middle of a
 * character would turn into U+FFFD on both sides of the cut; cutting only between characters keeps every chunk
 * whole and within its byte limit.
 */

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** How long the sequence a lead byte starts is (1 for ASCII and for bytes that cannot start one). */
function sequenceLength(lead: number): number {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0 && lead < 0xf0) return 3;
  if (lead >= 0xc2 && lead < 0xe0) return 2;
  return 1;
}

/** The length of `bytes` without a trailing character whose last bytes have not arrived yet. */
export function completeLength(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i]!;
    if (isContinuation(byte)) continue;
    return i + sequenceLength(byte) > end ? i : end;
  }
  return end; // nothing but continuation bytes: not UTF-8 we can wait for
}

/** The largest cut at or before `limit` that does not split a character (`limit` itself in bytes that are not UTF-8). */
export function boundaryAtOrBefore(bytes: Uint8Array, limit: number): number {
  if (limit >= bytes.length) return bytes.length;
  for (let i = limit; i > 0 && i >= limit - 3; i--) {
    if (!isContinuation(bytes[i]!)) return i;
  }
  return limit;
}
