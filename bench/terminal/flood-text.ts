/**
 * The bench's step output: numbered lines of printable ASCII, 100 bytes each with their newline, the way a chatty
 * step prints (a package install, an image import). The same lines every time, so the engine's log, the file the
 * floor reads and the page's checksum can be compared.
 */

export const LINE_BYTES = 100;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .:-_/=+,;[]()';
const FILLER = ALPHABET.repeat(Math.ceil((2 * LINE_BYTES) / ALPHABET.length));

export function floodLine(n: number): string {
  const number = String(n).padStart(9, '0');
  const offset = n % ALPHABET.length;
  return `${number} ${FILLER.slice(offset, offset + LINE_BYTES - 11)}\n`;
}

/** `total` bytes of lines (a multiple of LINE_BYTES), in pieces of about `pieceBytes`, each ending with a newline. */
export function* floodPieces(total: number, pieceBytes: number): Generator<string> {
  const lines = Math.floor(total / LINE_BYTES);
  const perPiece = Math.max(1, Math.floor(pieceBytes / LINE_BYTES));
  for (let first = 0; first < lines; first += perPiece) {
    const parts: string[] = [];
    for (let n = first; n < Math.min(lines, first + perPiece); n++) parts.push(floodLine(n));
    yield parts.join('');
  }
}
