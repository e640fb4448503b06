/** Reading secrets and confirmations from the user without echoing or logging them. */
import { createInterface } from 'node:readline';
import { Secret } from '../ssh/secret.ts';

/** Reads the first line of standard input as a secret (for --password-stdin). */
export async function readSecretFromStdin(): Promise<Secret> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  return new Secret(line);
}

let queue: Promise<unknown> = Promise.resolve();

/** Asks a yes/no question on the terminal; questions from parallel hosts are asked one at a time. */
export function confirmOnTerminal(question: string): Promise<boolean> {
  const asked = queue.then(
    () =>
      new Promise<boolean>((resolve) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        rl.question(`${question} [y/N] `, (answer) => {
          rl.close();
          resolve(/^y(es)?$/i.test(answer.trim()));
        });
      }),
  );
  queue = asked.catch(() => undefined);
  return asked;
}

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}
