/**
 * Never cut the branch we sit on: before any NIC step touches a NIC, the host itself is asked which NIC
 * carries this SSH session (the route back to the installer). That NIC is refused, whatever the plan says.
 */
import type { HostConnection } from '../../ssh/connection.ts';
import { HostError } from '../../ssh/host-error.ts';
import { argv, envRef } from '../../ssh/shell-quote.ts';
import { parseRouteGetDev } from '../../inventory/parse-iproute.ts';
import type { StepContext } from '../../engine/step.ts';

const cache = new WeakMap<HostConnection, Promise<string | null>>();

async function lookUp(ctx: StepContext): Promise<string | null> {
  const out = await ctx.must(
    argv(['sh', '-c', 'c=${1%% *}; [ -n "$c" ] && ip -o route get "$c"', 'picket-mgmt', envRef('SSH_CONNECTION')]),
    'find the management NIC',
  );
  return parseRouteGetDev(out);
}

export async function managementNic(ctx: StepContext): Promise<string | null> {
  let found = cache.get(ctx.connection);
  if (!found) {
    found = lookUp(ctx);
    cache.set(ctx.connection, found);
    found.catch(() => cache.delete(ctx.connection));
  }
  return found;
}

export async function refuseManagementNic(ctx: StepContext, nic: string): Promise<void> {
  const management = await managementNic(ctx);
  if (management === null) {
    throw new HostError(ctx.host, 'command', `cannot tell which NIC carries the SSH session, so no NIC is touched (is iproute2 installed?)`);
  }
  if (management === nic) {
    throw new HostError(ctx.host, 'command', `${nic} carries the SSH session (management NIC): Picket never changes it`);
  }
}
