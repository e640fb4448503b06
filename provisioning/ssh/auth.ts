/**
 * How Picket logs in to a host. The methods are tried in the order given, skipping any the server does not offer
 * (ssh2's authHandler), and a failure names what was tried and what the server accepts.
 */
import { readFile } from 'node:fs/promises';
import ssh2, { type AuthenticationType, type AuthHandlerMiddleware, type KeyboardInteractiveCallback, type Prompt } from 'ssh2';
import { HostError } from './host-error.ts';
import type { Secret } from './secret.ts';

export type AuthMethod =
  | { kind: 'agent'; socket?: string }
  | { kind: 'key'; identityFile: string; passphrase?: Secret }
  | { kind: 'password'; password: Secret }
  /** Answers password-like prompts with `password`; other prompts go to `prompter` if given. */
  | { kind: 'keyboard-interactive'; password?: Secret; prompter?: KeyboardPrompter };

export type KeyboardPrompter = (prompts: { prompt: string; echo: boolean }[], instructions: string) => Promise<string[]>;

export function describeMethod(method: AuthMethod): string {
  switch (method.kind) {
    case 'agent':
      return 'ssh-agent';
    case 'key':
      return `key ${method.identityFile}`;
    case 'password':
      return 'password';
    case 'keyboard-interactive':
      return 'keyboard-interactive';
  }
}

type Loaded =
  | { kind: 'agent'; socket: string }
  | { kind: 'key'; identityFile: string; key: Buffer; passphrase?: string }
  | { kind: 'password'; password: Secret }
  | { kind: 'keyboard-interactive'; password?: Secret; prompter?: KeyboardPrompter };

/**
 * Reads key files and checks passphrases before any connection is made, so a bad key is reported as such
 * (and nothing is sent to the host).
 */
export async function loadAuthMethods(host: string, methods: AuthMethod[]): Promise<Loaded[]> {
  if (methods.length === 0) throw new HostError(host, 'auth', 'no authentication method configured (give a key, agent or password)');
  const loaded: Loaded[] = [];
  for (const method of methods) {
    if (method.kind === 'agent') {
      const socket = method.socket ?? process.env.SSH_AUTH_SOCK;
      if (!socket) throw new HostError(host, 'auth', 'agent authentication asked for, but SSH_AUTH_SOCK is not set (start ssh-agent or give a key)');
      loaded.push({ kind: 'agent', socket });
    } else if (method.kind === 'key') {
      let key: Buffer;
      try {
        key = await readFile(method.identityFile);
      } catch (error) {
        throw new HostError(host, 'key-file', `cannot read key file ${method.identityFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const passphrase = method.passphrase?.reveal();
      const parsed = ssh2.utils.parseKey(key, passphrase);
      if (parsed instanceof Error) {
        const encrypted = /encrypted|passphrase/i.test(parsed.message);
        throw new HostError(
          host,
          'key-file',
          encrypted
            ? passphrase === undefined
              ? `key file ${method.identityFile} is encrypted: give its passphrase`
              : `wrong passphrase for key file ${method.identityFile}`
            : `key file ${method.identityFile} is not a private key ssh2 can read`,
        );
      }
      loaded.push({ kind: 'key', identityFile: method.identityFile, key, ...(passphrase === undefined ? {} : { passphrase }) });
    } else {
      loaded.push(method);
    }
  }
  return loaded;
}

const KIND_TO_SSH: Record<Loaded['kind'], AuthenticationType> = {
  agent: 'publickey',
  key: 'publickey',
  password: 'password',
  'keyboard-interactive': 'keyboard-interactive',
};

export interface AuthAttempts {
  tried: string[];
  serverOffers: string[];
}

/** An ssh2 authHandler walking `methods` in order; records what was tried for the error message. */
export function authHandler(username: string, methods: Loaded[], attempts: AuthAttempts): AuthHandlerMiddleware {
  const queue = [...methods];
  return (methodsLeft, _partialSuccess, next) => {
    if (methodsLeft) attempts.serverOffers = [...methodsLeft];
    for (let method = queue.shift(); method; method = queue.shift()) {
      if (methodsLeft && !methodsLeft.includes(KIND_TO_SSH[method.kind])) continue;
      attempts.tried.push(method.kind === 'key' ? `key ${method.identityFile}` : method.kind === 'agent' ? 'ssh-agent' : method.kind);
      switch (method.kind) {
        case 'agent':
          next({ type: 'agent', username, agent: method.socket });
          return;
        case 'key':
          next({ type: 'publickey', username, key: method.key, ...(method.passphrase === undefined ? {} : { passphrase: method.passphrase }) });
          return;
        case 'password':
          next({ type: 'password', username, password: method.password.reveal() });
          return;
        case 'keyboard-interactive': {
          const { password, prompter } = method;
          next({
            type: 'keyboard-interactive',
            username,
            prompt: (_name: string, instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => {
              answerPrompts(prompts, instructions, password, prompter).then(finish, () => finish([]));
            },
          });
          return;
        }
      }
    }
    next(false as unknown as never); // no method left: ssh2 then fails with "All configured authentication methods failed"
  };
}

async function answerPrompts(prompts: Prompt[], instructions: string, password?: Secret, prompter?: KeyboardPrompter): Promise<string[]> {
  const plain = prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false }));
  if (password && plain.every((p) => !p.echo && /password|passcode/i.test(p.prompt))) return plain.map(() => password.reveal());
  if (prompter) return prompter(plain, instructions);
  if (plain.length === 0) return [];
  throw new Error('no answer for the keyboard-interactive prompts');
}
