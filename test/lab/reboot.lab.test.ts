/** A managed reboot of a real lab host: it goes down, comes back with a new boot id, and SSH works again. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rebootAndWait } from '../../provisioning/engine/reboot-host.ts';
import type { HostConnection } from '../../provisioning/ssh/connection.ts';
import { sh } from '../../provisioning/ssh/shell-quote.ts';
import { hostLayout } from './lab-layout.ts';
import { restartHost, type LabHost } from './lab.ts';
import { acceptingOptions, connect, labHosts, sudoTarget } from '../support/lab-hosts.ts';

let host: LabHost;
let connection: HostConnection;

beforeAll(async () => {
  host = (await labHosts())[3]!;
  // Boot it under the current lab supervisor (which restarts a container that reboots itself).
  await restartHost(hostLayout(4), () => undefined);
  connection = connect(sudoTarget(host), await acceptingOptions({ readyTimeoutMs: 5000, reconnectAttempts: 1 }));
});

afterAll(() => connection.close());

it('reboots through sudo and waits until the host answers with a new boot id', async () => {
  const before = (await connection.run(sh`cat /proc/sys/kernel/random/boot_id`)).trim();
  const progress: string[] = [];
  const { seconds } = await rebootAndWait(connection, { sudo: true, timeoutMs: 120_000, onProgress: (t) => progress.push(t) });
  const after = (await connection.run(sh`cat /proc/sys/kernel/random/boot_id`)).trim();
  expect(after).not.toBe(before);
  expect(seconds).toBeGreaterThan(0.5);
  expect(progress[0]).toBe('rebooting lab-4');
  expect(progress.at(-1)).toMatch(/^lab-4 is back after \d+ s$/);
  expect((await connection.run(sh`systemctl is-system-running --wait`)).trim()).toMatch(/^(running|degraded)$/);
});
