/**
 * One SSH connection per host, with exec (and shell) channels multiplexed over it. Host keys are checked against the
 * project's known_hosts before authentication; keepalive notices a host that vanished; a dropped connection is
 * re-established (with backoff) before the next command, never in the middle of one.
 *
 * First contact with a host whose key is not pinned is two connections: a handshake that stops once the key is seen,
 * then — after the question is answered, however long that takes, with nothing open — the login, which must be
 * offered the key just pinned. Holding the first connection open while a person decides would not do: the handshake
 * timer, sshd's LoginGraceTime (120 s by default) and idle-dropping middleboxes all cut it.
 *
 * The connection knows nothing of what it runs: callers build commands with the quoting helper (ShellCommand).
 */
// ssh2 is CommonJS: its named exports exist only on the default export under native ESM.
import ssh2, { type Client, type ClientChannel, type SFTPWrapper } from 'ssh2';
import type { Duplex } from 'node:stream';
import { authHandler, loadAuthMethods, type AuthAttempts, type AuthMethod } from './auth.ts';
import { describeConnectError, HostError } from './host-error.ts';
import { hostKeyLabel, hostKeyType, sha256Fingerprint } from './host-key.ts';
import type { KnownHosts } from './known-hosts.ts';
import type { Secret } from './secret.ts';
import type { ShellCommand } from './shell-quote.ts';
import { CommandLaunch } from './command-launch.ts';

export interface HostKeyOffer {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

export interface HostKeyPolicy {
  knownHosts: KnownHosts;
  /** Asked on first contact with a host whose key is not pinned; true pins it. A mismatch is never asked. */
  confirmNewHost: (offer: HostKeyOffer) => Promise<boolean>;
}

export interface HostTarget {
  /** How the host is named in messages (defaults to user@address). */
  label?: string;
  address: string;
  port?: number;
  user: string;
  auth: AuthMethod[];
  /** For a non-root user: run privileged commands through sudo, answering its prompt with this password. */
  sudoPassword?: Secret;
  jump?: HostTarget;
}

export interface ConnectionOptions {
  hostKeys: HostKeyPolicy;
  /** How long the SSH handshake and login may take (20 s). A host-key question is never asked inside it. */
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Reconnect attempts before a command gives up on a dropped connection. */
  reconnectAttempts?: number;
}

export interface ExecOptions {
  /** Run as root: through sudo when the login user is not root. */
  sudo?: boolean;
  stdin?: string | Buffer;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** What the command is, for error messages ("inventory probe"). */
  purpose?: string;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * The host offered a key that is not pinned: the handshake stopped there, so the question can be asked with no
 * connection open and no timer running. Never leaves this module.
 */
class UnpinnedHostKey extends Error {
  constructor(
    readonly offer: HostKeyOffer,
    readonly blob: Buffer,
  ) {
    super(`unpinned host key ${offer.fingerprint}`);
  }
}

export function targetLabel(target: HostTarget): string {
  return target.label ?? `${target.user}@${target.address}`;
}

export class HostConnection {
  readonly label: string;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private jump: HostConnection | undefined;
  private lastFatal: HostError | undefined;
  private closedByUs = false;
  /** Commands in flight: failed together when the connection drops under them. */
  private readonly live = new Set<{ lost: () => void }>();

  constructor(
    readonly target: HostTarget,
    private readonly options: ConnectionOptions,
  ) {
    this.label = targetLabel(target);
  }

  get isRoot(): boolean {
    return this.target.user === 'root';
  }

  /** Connects (or returns the live connection). Non-retryable errors (host key, auth) are remembered. */
  async connect(): Promise<void> {
    await this.ensureClient();
  }

  private async ensureClient(): Promise<Client> {
    if (this.lastFatal) throw this.lastFatal;
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = this.connectWithRetry().finally(() => {
        this.connecting = undefined;
      });
    }
    return this.connecting;
  }

  private async connectWithRetry(): Promise<Client> {
    const attempts = Math.max(1, this.options.reconnectAttempts ?? 3);
    let delay = 500;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.connectOnce();
      } catch (error) {
        if (error instanceof UnpinnedHostKey) {
          // First contact: the key-only handshake is over and closed; ask, pin, then log in afresh (not a retry).
          await this.confirmAndPin(error);
          attempt--;
          continue;
        }
        const hostError = error instanceof HostError ? error : new HostError(this.label, 'protocol', String(error));
        if (!hostError.retryable) this.lastFatal = hostError;
        if (!hostError.retryable || attempt >= attempts) throw hostError;
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
  }

  private async openSocket(): Promise<Duplex | undefined> {
    const jumpTarget = this.target.jump;
    if (!jumpTarget) return undefined;
    this.jump ??= new HostConnection(jumpTarget, this.options);
    const jumpClient = await this.jump.ensureClient().catch((error: unknown) => {
      const e = error instanceof HostError ? error : new HostError(this.jump!.label, 'protocol', String(error));
      throw new HostError(this.label, e.kind, `via jump host ${e.message}`);
    });
    const port = this.target.port ?? 22;
    return new Promise((resolve, reject) => {
      jumpClient.forwardOut('127.0.0.1', 0, this.target.address, port, (error, stream) => {
        if (error) reject(new HostError(this.label, 'unreachable', `jump host ${this.jump!.label} cannot reach ${this.target.address}:${port}: ${error.message}`));
        else resolve(stream);
      });
    });
  }

  private async connectOnce(): Promise<Client> {
    const { target, options } = this;
    const port = target.port ?? 22;
    const where = `${target.address}:${port}`;
    const readyTimeout = options.readyTimeoutMs ?? 20_000;
    const methods = await loadAuthMethods(this.label, target.auth);
    const sock = await this.openSocket();
    const attempts: AuthAttempts = { tried: [], serverOffers: [] };
    let hostKeyError: HostError | UnpinnedHostKey | undefined;

    const client = new ssh2.Client();
    return new Promise<Client>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        client.end();
        if (hostKeyError instanceof UnpinnedHostKey) return reject(hostKeyError);
        let hostError = hostKeyError ?? describeConnectError(this.label, where, error, readyTimeout);
        if (hostError.kind === 'auth' && !hostKeyError) {
          const offers = attempts.serverOffers.length ? attempts.serverOffers.join(', ') : 'nothing we can use';
          const tried = attempts.tried.length ? attempts.tried.join(', ') : 'no method the server offers';
          hostError = new HostError(this.label, 'auth', `authentication failed as ${target.user} (tried ${tried}; the server accepts ${offers})`);
        }
        reject(hostError);
      };
      client.once('ready', () => {
        settled = true;
        this.client = client;
        this.closedByUs = false;
        resolve(client);
      });
      client.on('error', fail);
      client.once('close', () => {
        if (!settled) fail(new HostError(this.label, 'connection-lost', `connection to ${where} closed during the handshake`));
        if (this.client === client) this.client = undefined;
        if (!this.closedByUs) {
          for (const command of this.live) command.lost();
        }
      });
      client.connect({
        host: target.address,
        port,
        username: target.user,
        ...(sock ? { sock } : {}),
        readyTimeout,
        keepaliveInterval: options.keepaliveIntervalMs ?? 5_000,
        keepaliveCountMax: options.keepaliveCountMax ?? 3,
        authHandler: authHandler(target.user, methods, attempts),
        hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
          this.verifyHostKey(key, port).then(
            () => verify(true),
            (error: unknown) => {
              hostKeyError = error instanceof HostError || error instanceof UnpinnedHostKey ? error : new HostError(this.label, 'protocol', String(error));
              verify(false);
            },
          );
        },
      });
    });
  }

  private async verifyHostKey(blob: Buffer, port: number): Promise<void> {
    const { knownHosts } = this.options.hostKeys;
    const keyType = hostKeyType(blob);
    const fingerprint = sha256Fingerprint(blob);
    const found = await knownHosts.check(this.target.address, port, blob);
    if (found.status === 'match') return;
    if (found.status === 'mismatch') {
      const pinned = found.pinned.map((p) => `${hostKeyLabel(p.type)} ${p.fingerprint}`).join(', ') || 'a revoked key';
      throw new HostError(
        this.label,
        'host-key-mismatch',
        `HOST KEY MISMATCH: pinned ${pinned}, offered ${hostKeyLabel(keyType)} ${fingerprint}. ` +
          `Someone may be intercepting the connection; if the host was reinstalled, remove its line from ${knownHosts.file}`,
      );
    }
    throw new UnpinnedHostKey({ host: this.target.address, port, keyType, fingerprint }, blob);
  }

  /**
   * Asks about a key no one has pinned, with nothing open: the answer may take as long as the person needs (reading
   * the fingerprint off the host's console), and no handshake timer or server login grace time runs meanwhile.
   * Accepted, the key is pinned; the login that follows must be offered the same key, or it is a mismatch.
   */
  private async confirmAndPin({ offer, blob }: UnpinnedHostKey): Promise<void> {
    const { knownHosts, confirmNewHost } = this.options.hostKeys;
    if (!(await confirmNewHost(offer))) {
      // Not remembered as fatal: the next attempt to connect (discovering again) asks again.
      throw new HostError(
        this.label,
        'host-key-unknown',
        `unknown host key ${hostKeyLabel(offer.keyType)} ${offer.fingerprint}: check it against the host's console, then confirm it (CLI: --accept-new-host-keys)`,
      );
    }
    // Another connection to the same host may have pinned it while the question was open.
    if ((await knownHosts.check(offer.host, offer.port, blob)).status !== 'match') await knownHosts.add(offer.host, offer.port, blob);
  }

  /**
   * Runs one command on an exec channel. Resolves with the exit code and output (a non-zero exit is not an
   * error here: callers decide). Rejects with a HostError on timeout, cancel, sudo refusal or a lost connection.
   */
  async exec(command: ShellCommand, options: ExecOptions = {}): Promise<ExecResult> {
    const purpose = options.purpose ?? 'command';
    if (options.signal?.aborted) throw new HostError(this.label, 'cancelled', `${purpose} cancelled`);
    const client = await this.ensureClient();
    const sudo = options.sudo && !this.isRoot ? { user: this.target.user, password: this.target.sudoPassword } : undefined;
    const launch = new CommandLaunch(this.label, sudo);

    return new Promise<ExecResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let channel: ClientChannel | undefined;
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const entry = { lost: () => finish(new HostError(this.label, 'connection-lost', `connection lost during ${purpose}`)) };
      const onAbort = () => finish(new HostError(this.label, 'cancelled', `${purpose} cancelled`));

      const finish = (error: HostError | undefined, result?: ExecResult) => {
        if (done) return;
        done = true;
        this.live.delete(entry);
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          channel?.close();
          if (error.kind === 'timeout' || error.kind === 'cancelled') this.killLaunched(launch, Boolean(sudo));
          reject(error);
        } else if (result) {
          resolve(result);
        }
      };

      this.live.add(entry);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs) {
        timer = setTimeout(
          () => finish(new HostError(this.label, 'timeout', `${purpose} did not finish within ${Math.round(options.timeoutMs! / 1000)} s`)),
          options.timeoutMs,
        );
      }

      client.exec(launch.command(command).text, (error, stream) => {
        if (error) {
          finish(new HostError(this.label, 'connection-lost', `cannot open a channel for ${purpose}: ${error.message}`));
          return;
        }
        channel = stream;
        if (done) {
          stream.close();
          return;
        }
        let exitCode: number | null = null;
        let exitSignal: string | null = null;
        launch.attach(stream, options.stdin);
        stream.on('exit', (code: number | null, signalName?: string) => {
          exitCode = code;
          exitSignal = signalName ?? null;
        });
        stream.on('data', (chunk: Buffer) => {
          stdout.push(chunk);
          options.onStdout?.(chunk);
        });
        stream.stderr.on('data', (raw: Buffer) => {
          const chunk = launch.filterStderr(raw);
          if (chunk.length === 0) return;
          stderr.push(chunk);
          options.onStderr?.(chunk);
        });
        stream.on('close', () => {
          const result: ExecResult = {
            exitCode,
            signal: exitSignal,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
          };
          const launchError = launch.failure(result);
          if (launchError) finish(launchError);
          else if (exitCode === null && exitSignal === null) {
            finish(new HostError(this.label, 'connection-lost', `connection lost during ${purpose}`));
          } else finish(undefined, result);
        });
      });
    });
  }

  /** Best effort: stop a timed-out or cancelled command's whole process group on the host. */
  private killLaunched(launch: CommandLaunch, sudo: boolean): void {
    const kill = launch.killCommand();
    if (!kill || !this.client) return;
    this.exec(kill, { sudo, timeoutMs: 10_000, purpose: 'stopping a cancelled command' }).catch(() => undefined);
  }

  /** Runs a command and throws a one-line HostError when it exits non-zero. */
  async run(command: ShellCommand, options: ExecOptions = {}): Promise<string> {
    const result = await this.exec(command, options);
    if (result.exitCode !== 0) {
      const why = (result.stderr.trim().split('\n').pop() ?? '') || `exit ${result.exitCode ?? result.signal}`;
      throw new HostError(this.label, 'command', `${options.purpose ?? 'command'} failed: ${why}`);
    }
    return result.stdout;
  }

  async sftp(): Promise<SFTPWrapper> {
    const client = await this.ensureClient();
    return new Promise((resolve, reject) => {
      client.sftp((error, sftp) => (error ? reject(new HostError(this.label, 'protocol', `SFTP unavailable: ${error.message}`)) : resolve(sftp)));
    });
  }

  /**
   * An interactive shell with a PTY, on a new channel of this connection: the connection stays shared (closing the
   * channel leaves it and the other channels open). The shell is the login user's; a non-root user runs sudo in it
   * as at any shell. The caller owns the channel: reading, pausing, resizing and closing it.
   */
  async shell(cols: number, rows: number): Promise<ClientChannel> {
    const client = await this.ensureClient();
    return new Promise((resolve, reject) => {
      client.shell({ term: 'xterm-256color', cols, rows }, (error, channel) =>
        error ? reject(new HostError(this.label, 'protocol', `the host refused a shell: ${error.message}`)) : resolve(channel),
      );
    });
  }

  close(): void {
    this.closedByUs = true;
    this.client?.end();
    this.client = undefined;
    this.jump?.close();
  }
}
