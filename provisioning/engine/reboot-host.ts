/**
 * A managed reboot: ask the host to reboot, wait for it to go, then for SSH to answer again with a new boot id.
 * Reboots are gated so that only a group of hosts is down at any time (a cluster keeps its quorum, a rack keeps
 * its sensors).
 */
import type { HostConnection } from '../ssh/connection.ts';
import { HostError } from '../ssh/host-error.ts';
import { sh } from '../ssh/shell-quote.ts';

export interface RebootOptions {
  sudo: boolean;
  /** How long the host may take to come back (default 10 minutes: servers POST slowly). */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (text: string) => void;
}

async function bootId(connection: HostConnection, sudo: boolean): Promise<string> {
  return (await connection.run(sh`cat /proc/sys/kernel/random/boot_id`, { sudo, purpose: 'read the boot id', timeoutMs: 15_000 })).trim();
}

export async function rebootAndWait(connection: HostConnection, options: RebootOptions): Promise<{ seconds: number }> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 600_000);
  const before = await bootId(connection, options.sudo);
  options.onProgress?.(`rebooting ${connection.label}`);
  // Detached and delayed, so the command returns before the connection goes down with the host.
  await connection.run(sh`nohup sh -c 'sleep 1; systemctl reboot' >/dev/null 2>&1 &`, { sudo: options.sudo, purpose: 'request a reboot' });
  connection.close();
  let delay = 1000;
  for (;;) {
    if (options.signal?.aborted) throw new HostError(connection.label, 'cancelled', 'waiting for the reboot was cancelled');
    if (Date.now() > deadline) {
      throw new HostError(connection.label, 'timeout', `did not come back from its reboot within ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s (check its console)`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 1.5, 5000);
    try {
      const now = await bootId(connection, options.sudo);
      if (now !== before) {
        options.onProgress?.(`${connection.label} is back after ${Math.round((Date.now() - started) / 1000)} s`);
        return { seconds: (Date.now() - started) / 1000 };
      }
      // Still the old boot: the reboot has not started yet.
      connection.close();
    } catch (error) {
      if (error instanceof HostError && !error.retryable && error.kind !== 'command') throw error;
      connection.close();
    }
  }
}

/** Lets at most `size` holders through at once: hosts reboot one group at a time. */
export class RebootGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
