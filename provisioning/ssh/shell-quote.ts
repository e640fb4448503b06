/**
 * The one quoting helper. Every command Picket sends to a host is built here, so names read from hosts
 * (NICs, disks, hostnames) and values typed by users reach the remote shell as data, never as code.
 *
 * A command is a branded `ShellCommand`: `exec` accepts nothing else, so a raw string cannot slip through.
 */

const brand: unique symbol = Symbol('ShellCommand');

export interface ShellCommand {
  readonly [brand]: true;
  readonly text: string;
}

/** A fragment that is inserted verbatim: only produced by helpers below, never from outside data. */
class RawFragment {
  constructor(readonly text: string) {}
}

export type ShellWord = string | number | RawFragment | ShellCommand;

/** Quotes one word for a POSIX shell: wraps it in single quotes, closing and escaping any quote inside. */
export function quoteWord(word: string): string {
  if (word.includes('\0')) {
    throw new Error('a shell argument cannot contain a NUL byte');
  }
  // Words made only of safe characters stay readable in logs.
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function render(word: ShellWord): string {
  if (word instanceof RawFragment) return word.text;
  if (typeof word === 'object') return word.text;
  return quoteWord(String(word));
}

function command(text: string): ShellCommand {
  return { [brand]: true, text } as ShellCommand;
}

/** Builds a command from an argument vector: each word is quoted. */
export function argv(words: readonly ShellWord[]): ShellCommand {
  if (words.length === 0) throw new Error('an empty command');
  return command(words.map(render).join(' '));
}

/**
 * Tagged template: the literal parts are trusted shell text written in Picket's source; every interpolated
 * value is quoted as one word (a ShellCommand is inserted as a sub-command, already quoted inside).
 *   sh`ethtool -K ${nic} gro off`  ->  ethtool -K 'eth0;reboot' gro off
 */
export function sh(literals: TemplateStringsArray, ...values: ShellWord[]): ShellCommand {
  let text = literals[0] ?? '';
  values.forEach((value, i) => {
    text += render(value) + (literals[i + 1] ?? '');
  });
  return command(text);
}

/** A reference to a variable of the remote login shell, expanded there (e.g. SSH_CONNECTION). */
export function envRef(name: string): RawFragment {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a shell variable name: ${JSON.stringify(name)}`);
  return new RawFragment(`"$${name}"`);
}

/** Runs a whole script in `sh -c`, the script passed as one quoted word, followed by its positional arguments. */
export function shScript(script: string, name: string, ...args: ShellWord[]): ShellCommand {
  return argv(['sh', '-c', script, name, ...args]);
}

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'object' && value !== null && (value as { [brand]?: boolean })[brand] === true;
}
