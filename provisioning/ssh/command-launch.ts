/**
 * How one command is started on a host. Every command runs inside a tiny wrapper that first reports, on stderr
 * behind a one-time marker, that it has started and which process group it leads — so Picket can
 * - kill the whole group on timeout or cancel (sshd may refuse SSH "signal" requests, so it is not relied upon),
 * - know that sudo has finished authenticating before any of the caller's stdin is written.
 *
 * For a non-root login, the wrapper runs under sudo. The password goes to sudo on stdin, only when sudo shows our
 * one-time prompt: never in argv, never to a command that did not ask for it, never in output.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { HostError } from './host-error.ts';
import type { Secret } from './secret.ts';
import { argv, envRef, sh, type ShellCommand } from './shell-quote.ts';

// $$ is the wrapper; field 5 of /proc/$$/stat is its process group (the comm field "(sh)" holds no space).
// SSH_CONNECTION is expanded by the login shell and handed over as $2, because sudo clears the environment and
// the command may need it (the inventory finds the management NIC from it).
const WRAPPER = `SSH_CONNECTION=$2; export SSH_CONNECTION; printf '%s:started:%s:%s\\n' "$0" "$$" "$(cut -d' ' -f5 /proc/$$/stat)" >&2; exec sh -c "$1"`;

export interface SudoOptions {
  user: string;
  password: Secret | undefined;
}

export class CommandLaunch {
  private readonly nonce = `picket-${randomBytes(8).toString('hex')}`;
  private readonly promptToken = `${this.nonce}:password:`;
  private readonly startedPattern = new RegExp(`${this.nonce}:started:(\\d+):(\\d+)\\n`);
  private pending = '';
  private prompts = 0;
  private stdin: string | Buffer | undefined;
  private stream: Writable | undefined;
  private problem: 'wrong-password' | 'password-required' | undefined;
  /** Process group of the running command, once it reported itself. */
  processGroup: number | undefined;

  constructor(
    private readonly host: string,
    private readonly sudo: SudoOptions | undefined,
  ) {}

  get started(): boolean {
    return this.processGroup !== undefined;
  }

  command(inner: ShellCommand): ShellCommand {
    const words = ['sh', '-c', WRAPPER, this.nonce, inner.text, envRef('SSH_CONNECTION')];
    return argv(this.sudo ? ['sudo', '-S', '-p', this.promptToken, '--', ...words] : words);
  }

  /** The command that kills the launched process group (run as the same user, through sudo if needed). */
  killCommand(): ShellCommand | undefined {
    // dash's kill takes "-9 -PGID" but not "--": a negative number names the process group.
    return this.processGroup === undefined ? undefined : sh`kill -9 ${`-${this.processGroup}`}`;
  }

  attach(stream: Writable, stdin: string | Buffer | undefined): void {
    this.stream = stream;
    this.stdin = stdin;
  }

  /** Removes our markers from stderr (holding back a possibly split marker) and reacts to them. */
  filterStderr(raw: Buffer): Buffer {
    if (this.started) return raw;
    this.pending += raw.toString('latin1');
    let out = '';
    for (;;) {
      const prompt = this.pending.indexOf(this.promptToken);
      const started = this.startedPattern.exec(this.pending);
      if (prompt >= 0 && (!started || prompt < started.index)) {
        out += this.pending.slice(0, prompt);
        this.pending = this.pending.slice(prompt + this.promptToken.length);
        this.onPrompt();
        continue;
      }
      if (started) {
        out += this.pending.slice(0, started.index);
        this.pending = this.pending.slice(started.index + started[0].length);
        this.onStarted(Number(started[2]));
        out += this.pending;
        this.pending = '';
        break;
      }
      const keepFrom = this.splitMarkerStart();
      out += this.pending.slice(0, keepFrom);
      this.pending = this.pending.slice(keepFrom);
      break;
    }
    if (!this.started && this.sudo?.password) out = this.sudo.password.scrub(out);
    return Buffer.from(out, 'latin1');
  }

  /** Where a marker split across chunks may begin in `pending` (its length when there is none). */
  private splitMarkerStart(): number {
    const startedPrefix = `${this.nonce}:started:`;
    const open = this.pending.indexOf(startedPrefix);
    if (open >= 0) return open; // the marker's digits or newline are still to come
    for (let k = Math.min(this.pending.length, startedPrefix.length - 1); k > 0; k--) {
      const tail = this.pending.slice(-k);
      if (startedPrefix.startsWith(tail) || this.promptToken.startsWith(tail)) return this.pending.length - k;
    }
    return this.pending.length;
  }

  private onPrompt(): void {
    this.prompts++;
    const password = this.sudo?.password;
    if (this.prompts > 1) {
      this.problem = 'wrong-password';
      this.stream?.end();
    } else if (!password || password.isEmpty) {
      this.problem = 'password-required';
      this.stream?.end();
    } else {
      this.stream?.write(`${password.reveal()}\n`);
    }
  }

  private onStarted(processGroup: number): void {
    this.processGroup = processGroup;
    if (this.stdin !== undefined) this.stream?.end(this.stdin);
    else this.stream?.end();
  }

  /** A HostError when the command never started (sudo refused, or no shell); undefined when it ran. */
  failure(result: { exitCode: number | null; stderr: string }): HostError | undefined {
    if (this.started) return undefined;
    const said = (this.pending + result.stderr).trim();
    const user = this.sudo?.user ?? 'the login user';
    if (this.problem === 'wrong-password') {
      return new HostError(this.host, 'sudo', `sudo rejected the password of ${user} (check the sudo password)`);
    }
    if (/not in the sudoers file|may not run sudo|not allowed to execute/i.test(said)) {
      return new HostError(this.host, 'sudo', `${user} may not use sudo here (add it to the sudo group, or log in as root)`);
    }
    if (this.problem === 'password-required' || /password is required/i.test(said)) {
      return new HostError(this.host, 'sudo', `sudo asks ${user} for a password and none was given (give the sudo password)`);
    }
    if (this.sudo && (result.exitCode === 127 || /sudo: (command )?not found/i.test(said))) {
      return new HostError(this.host, 'sudo', `sudo is not installed (install it, or log in as root)`);
    }
    if (/must have a tty/i.test(said)) {
      return new HostError(this.host, 'sudo', `sudo requires a tty for ${user} (remove "Defaults requiretty" for it)`);
    }
    if (result.exitCode === null) return undefined; // the connection dropped: reported by the caller
    const last = said.split('\n').pop() ?? '';
    return new HostError(this.host, this.sudo ? 'sudo' : 'command', `the command could not start: ${last || `exit ${result.exitCode}`}`);
  }
}
