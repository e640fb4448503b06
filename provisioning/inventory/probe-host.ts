/**
 * Inventories one host: the probe script goes over a single exec (one round trip), as root or through sudo,
 * and its output is parsed by the pure parsers. The SSH_CONNECTION of the session is passed in, so the probe can
 * tell which NIC carries the route back to the installer (the management NIC).
 */
import type { HostConnection } from '../ssh/connection.ts';
import { HostError } from '../ssh/host-error.ts';
import { envRef, shScript } from '../ssh/shell-quote.ts';
import type { HostInventory } from './host-inventory.ts';
import { parseProbeOutput } from './parse-probe-output.ts';
import { newProbeMarker } from './probe-protocol.ts';
import { buildProbeScript } from './probe-script.ts';

export interface ProbeOptions {
  sudo?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function probeHost(connection: HostConnection, options: ProbeOptions = {}): Promise<HostInventory> {
  const marker = newProbeMarker();
  const command = shScript(buildProbeScript(marker), 'picket-probe', envRef('SSH_CONNECTION'));
  const result = await connection.exec(command, {
    purpose: 'inventory probe',
    sudo: options.sudo ?? false,
    timeoutMs: options.timeoutMs ?? 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.exitCode !== 0) {
    const why = result.stderr.trim().split('\n').pop() || `exit ${result.exitCode ?? result.signal}`;
    throw new HostError(connection.label, 'command', `inventory probe failed: ${why}`);
  }
  try {
    return parseProbeOutput(result.stdout, marker);
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new HostError(connection.label, 'protocol', `inventory probe output could not be read: ${why}`);
  }
}
