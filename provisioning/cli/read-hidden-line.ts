/**
 * Reads one line from the terminal without echoing it (for secrets typed by hand): the terminal is put in raw
 * mode, so nothing typed appears on screen or in the scrollback. Ctrl-C cancels; backspace edits.
 */
import { UsageError } from './usage-error.ts';

export async function readHiddenLine(prompt: string): Promise<string> {
  const input = process.stdin;
  // Raw mode first: anything typed before it would be echoed by the terminal.
  input.setRawMode(true);
  input.resume();
  process.stderr.write(prompt);
  let line = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n' || (char === '\u0004' && line === '')) {
            input.off('data', onData);
            resolve(line);
            return;
          }
          if (char === '\u0003') {
            input.off('data', onData);
            reject(new UsageError('cancelled'));
            return;
          }
          if (char === '\u007f' || char === '\b') line = [...line].slice(0, -1).join('');
          else if (char >= ' ') line += char;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}
