/**
 * A paste can be longer than one terminal.input may carry (64 Ki characters); it goes as several, in order, never
 * splitting a surrogate pair (an emoji cut in half would reach the shell as two broken characters).
 */

export const MAX_INPUT_CHARS = 32 * 1024;

export function splitInput(data: string, max = MAX_INPUT_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + max, data.length);
    const last = data.charCodeAt(end - 1);
    if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(data.slice(start, end));
    start = end;
  }
  return pieces;
}
