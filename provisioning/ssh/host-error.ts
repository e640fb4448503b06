/**
 * Errors about one host, each a single line that names the host and the cause and, where there is one, the fix.
 * `retryable` tells the reconnect logic and the engine whether trying again can help.
 */

export type HostErrorKind =
  | 'unreachable'
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth'
  | 'key-file'
  | 'host-key-unknown'
  | 'host-key-mismatch'
  | 'connection-lost'
  | 'sudo'
  | 'cancelled'
  | 'command'
  | 'protocol';

const RETRYABLE: ReadonlySet<HostErrorKind> = new Set(['unreachable', 'refused', 'timeout', 'connection-lost']);

export class HostError extends Error {
  override readonly name = 'HostError';
  readonly retryable: boolean;

  constructor(
    readonly host: string,
    readonly kind: HostErrorKind,
    readonly detail: string,
  ) {
    super(`${host}: ${detail}`);
    this.retryable = RETRYABLE.has(kind);
  }
}

interface NodeLikeError {
  message?: string;
  code?: string;
  level?: string;
}

/** Maps an ssh2 or socket error to a HostError with a human cause. */
export function describeConnectError(host: string, target: string, error: unknown, readyTimeoutMs: number): HostError {
  if (error instanceof HostError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as NodeLikeError;
  const message = e.message ?? String(error);
  switch (e.code) {
    case 'ECONNREFUSED':
      return new HostError(host, 'refused', `connection refused by ${target} (is sshd running and is the port right?)`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new HostError(host, 'unreachable', `no route to ${target} (check the address and the network path)`);
    case 'ETIMEDOUT':
      return new HostError(host, 'timeout', `no answer from ${target} (host down or a firewall drops SSH)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new HostError(host, 'dns', `cannot resolve the host name in ${target} (use an IP address or fix DNS)`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new HostError(host, 'connection-lost', `connection to ${target} was reset`);
    default:
      break;
  }
  if (e.level === 'client-timeout' || /Timed out while waiting for handshake/i.test(message)) {
    return new HostError(host, 'timeout', `no SSH handshake from ${target} within ${Math.round(readyTimeoutMs / 1000)} s`);
  }
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return new HostError(host, 'auth', 'authentication failed');
  }
  return new HostError(host, 'protocol', `SSH to ${target} failed: ${message.split('\n')[0]}`);
}
