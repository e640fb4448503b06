/**
 * Capture NIC link settings: promiscuous (see traffic not addressed to the port), the planned MTU, and no IP
 * address (a capture port must never answer on the network or carry a route).
 */
import { sh } from '../../ssh/shell-quote.ts';
import { stepId, type Json, type Step, type StepContext } from '../../engine/step.ts';
import { refuseManagementNic } from './management-guard.ts';

interface LinkState {
  promisc: boolean;
  mtu: number;
  addresses: string[];
}

interface IpAddrJson {
  flags?: string[];
  mtu?: number;
  addr_info?: { family?: string; local?: string; prefixlen?: number; scope?: string }[];
}

async function link(ctx: StepContext, nic: string): Promise<LinkState> {
  const out = await ctx.must(sh`ip -d -j addr show dev ${nic}`, `read link of ${nic}`);
  const entry = (JSON.parse(out) as IpAddrJson[])[0];
  if (!entry) throw new Error(`${nic} not found`);
  return {
    // The PROMISC flag is the administrative setting; the promiscuity counter also counts a running tcpdump.
    promisc: (entry.flags ?? []).includes('PROMISC'),
    mtu: entry.mtu ?? 0,
    // Link-local IPv6 is the kernel's own and harmless; configured addresses are what must go.
    addresses: (entry.addr_info ?? []).filter((a) => a.scope !== 'link' && a.local).map((a) => `${a.local}/${a.prefixlen}`),
  };
}

export function nicLinkStep(phase: string, host: string, nic: string, mtu: number | null): Step {
  const differences = (s: LinkState) => [
    ...(s.promisc ? [] : [`${nic} promiscuous: off -> on`]),
    ...(mtu !== null && s.mtu !== mtu ? [`${nic} mtu: ${s.mtu} -> ${mtu}`] : []),
    ...s.addresses.map((a) => `${nic} address ${a}: remove`),
  ];
  return {
    id: stepId(phase, host, `${nic}-link`),
    title: `${nic}: promiscuous${mtu !== null ? `, mtu ${mtu}` : ''}, no address`,
    host,
    phase,
    needs: [],
    async check(ctx) {
      await refuseManagementNic(ctx, nic);
      const changes = differences(await link(ctx, nic));
      return changes.length ? { state: 'changes', changes } : { state: 'in-sync' };
    },
    async capture(ctx): Promise<Json> {
      return { ...(await link(ctx, nic)) };
    },
    async apply(ctx) {
      await refuseManagementNic(ctx, nic);
      await ctx.must(sh`ip link set dev ${nic} promisc on`, `promiscuous ${nic}`);
      if (mtu !== null) await ctx.must(sh`ip link set dev ${nic} mtu ${mtu}`, `mtu of ${nic}`);
      for (const address of (await link(ctx, nic)).addresses) await ctx.must(sh`ip addr del ${address} dev ${nic}`, `remove ${address} from ${nic}`);
    },
    async verify(ctx) {
      return differences(await link(ctx, nic)).map((d) => `not done: ${d}`);
    },
    async revert(ctx, originals) {
      await refuseManagementNic(ctx, nic);
      const before = originals as unknown as LinkState;
      await ctx.must(sh`ip link set dev ${nic} promisc ${before.promisc ? 'on' : 'off'}`, `promiscuous ${nic}`);
      await ctx.must(sh`ip link set dev ${nic} mtu ${before.mtu}`, `mtu of ${nic}`);
      for (const address of before.addresses) await ctx.run(sh`ip addr replace ${address} dev ${nic}`, `restore ${address} on ${nic}`);
    },
  };
}
